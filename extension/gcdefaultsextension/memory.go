// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package gcdefaultsextension // import "github.com/otelcol-flows/otelcol-flows/extension/gcdefaultsextension"

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// cgroup v2's limit of this process's group, then v1's.
var cgroupLimitFiles = []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}

// systemMemory is what the process may use: the cgroup's memory limit when
// there is one (systemd's MemoryMax, a container's limit), else the
// machine's memory, as the memory_limiter's limit_percentage reads it.
func systemMemory() (uint64, error) {
	return memoryFrom(cgroupLimitFiles, "/proc/meminfo")
}

func memoryFrom(cgroupFiles []string, meminfo string) (uint64, error) {
	total, err := memTotal(meminfo)
	if err != nil {
		return 0, err
	}
	for _, f := range cgroupFiles {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		v, err := strconv.ParseUint(string(bytes.TrimSpace(b)), 10, 64)
		// "max" (v2) or a huge number (v1) mean no limit.
		if err == nil && v > 0 && v < total {
			return v, nil
		}
	}
	return total, nil
}

func memTotal(path string) (uint64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		rest, ok := strings.CutPrefix(s.Text(), "MemTotal:")
		if !ok {
			continue
		}
		kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%s: MemTotal: %w", path, err)
		}
		return kb << 10, nil
	}
	return 0, errors.Join(s.Err(), fmt.Errorf("%s: no MemTotal", path))
}
