// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

// TestArchivesHoldTheReleaseAndSumsVerify builds a Linux tarball and a Windows zip around a stand-in
// binary, checks their listings, and verifies SHA256SUMS with coreutils' sha256sum, as a user would.
func TestArchivesHoldTheReleaseAndSumsVerify(t *testing.T) {
	sha256sum := testutil.RequireTool(t, "sha256sum")
	out := t.TempDir()
	bin := filepath.Join(t.TempDir(), "otelcol-flows")
	if err := os.WriteFile(bin, []byte("#!/bin/sh\necho stand-in\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	o := options{root: repoRoot, binary: bin, goos: "linux", arch: "arm64", version: "1.2.3", out: out}
	tgz, err := buildArchive(o)
	if err != nil {
		t.Fatal(err)
	}
	o.goos, o.arch = "windows", "amd64"
	zipPath, err := buildArchive(o)
	if err != nil {
		t.Fatal(err)
	}

	top := "otelcol-flows_1.2.3_linux_arm64/"
	tarModes := tarListing(t, tgz)
	for name, mode := range map[string]int64{
		"bin/otelcol-flows":                          0o755,
		"distribution/otel.yaml":                     0o644,
		"distribution/otel-elasticsearch.yaml":       0o644,
		"distribution/elasticsearch/ilm-policy.json": 0o644,
		"distribution/ops/otelcol-flows.service":     0o644,
		"distribution/ops/otelcol-flows.default":     0o640,
		"scripts/es-setup.sh":                        0o755,
		"scripts/curl-config.sh":                     0o644,
		"README.md":                                  0o644,
		"docs/fields.md":                             0o644,
	} {
		if got, ok := tarModes[top+name]; !ok {
			t.Errorf("%s: %s missing", filepath.Base(tgz), top+name)
		} else if got != mode {
			t.Errorf("%s: mode %o, want %o", top+name, got, mode)
		}
	}
	if _, ok := tarModes[top+"distribution/ops/deb/copyright"]; ok {
		t.Error("the .deb's maintainer files are in the tarball")
	}
	if !zipHas(t, zipPath, "otelcol-flows_1.2.3_windows_amd64/bin/otelcol-flows.exe") {
		t.Errorf("%s has no bin/otelcol-flows.exe", zipPath)
	}

	sums, err := writeSums(out)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(sums)
	if strings.Count(string(data), "\n") != 2 {
		t.Fatalf("SHA256SUMS should list 2 archives:\n%s", data)
	}
	check := exec.Command(sha256sum, "-c", sumsFile)
	check.Dir = out
	if b, err := check.CombinedOutput(); err != nil {
		t.Fatalf("sha256sum -c: %v\n%s", err, b)
	}
	// The check must be able to fail: a changed archive no longer matches.
	if err := os.WriteFile(zipPath, []byte("tampered"), 0o644); err != nil {
		t.Fatal(err)
	}
	recheck := exec.Command(sha256sum, "--status", "-c", sumsFile)
	recheck.Dir = out
	if err := recheck.Run(); err == nil {
		t.Error("sha256sum -c accepted a tampered archive")
	}
}

func tarListing(t *testing.T, path string) map[string]int64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	modes := map[string]int64{}
	tr := tar.NewReader(gz)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		modes[hdr.Name] = hdr.Mode
	}
	return modes
}

func zipHas(t *testing.T, path, name string) bool {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name == name {
			return true
		}
	}
	return false
}
