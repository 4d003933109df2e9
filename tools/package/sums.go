// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

const sumsFile = "SHA256SUMS"

// writeSums writes dir/SHA256SUMS over every .deb, .tar.gz and .zip in dir, in the format
// `sha256sum -c SHA256SUMS` checks.
func writeSums(dir string) (string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if e.Type().IsRegular() && (strings.HasSuffix(n, ".deb") || strings.HasSuffix(n, ".tar.gz") || strings.HasSuffix(n, ".zip")) {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return "", fmt.Errorf("no .deb, .tar.gz or .zip in %s", dir)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		sum, err := sha256File(filepath.Join(dir, n))
		if err != nil {
			return "", err
		}
		fmt.Fprintf(&b, "%s  %s\n", sum, n)
	}
	path := filepath.Join(dir, sumsFile)
	return path, os.WriteFile(path, []byte(b.String()), 0o644)
}

func sha256File(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// modTime is the time stamped on archive entries: SOURCE_DATE_EPOCH when set (the Makefile sets
// it to the commit's time, so that the same commit gives the same archives), else now.
func modTime() time.Time {
	if s, err := strconv.ParseInt(os.Getenv("SOURCE_DATE_EPOCH"), 10, 64); err == nil {
		return time.Unix(s, 0).UTC()
	}
	return time.Now().UTC()
}
