// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package procstat reads what the kernel knows about a process: CPU time,
// peak resident memory, and the drops on its UDP sockets.
package procstat

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// clockTicks is USER_HZ, the unit of utime and stime in /proc/<pid>/stat;
// it is 100 on every Linux architecture Go supports.
const clockTicks = 100

// Root is the proc mount; tests point it at a fake tree.
var Root = "/proc"

// CPUTime is the user plus system CPU time the process has used, from
// fields 14 and 15 of /proc/<pid>/stat.
func CPUTime(pid int) (time.Duration, error) {
	b, err := os.ReadFile(filepath.Join(Root, strconv.Itoa(pid), "stat"))
	if err != nil {
		return 0, err
	}
	// The command name (field 2) may contain spaces and parentheses: split
	// after the last ')'.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, errors.New("stat: no command name")
	}
	fields := strings.Fields(string(b[i+1:]))
	// fields[0] is field 3 (state); utime is field 14, stime field 15.
	if len(fields) < 13 {
		return 0, fmt.Errorf("stat: %d fields", len(fields))
	}
	utime, err1 := strconv.ParseUint(fields[11], 10, 64)
	stime, err2 := strconv.ParseUint(fields[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, fmt.Errorf("stat: %w", err)
	}
	return time.Duration(utime+stime) * time.Second / clockTicks, nil
}

// Memory is resident memory in bytes from /proc/<pid>/status.
type Memory struct {
	// Peak is VmHWM, the high-water mark since start or since ResetPeak.
	Peak uint64
	// Current is VmRSS.
	Current uint64
}

// ReadMemory reads VmHWM and VmRSS.
func ReadMemory(pid int) (Memory, error) {
	f, err := os.Open(filepath.Join(Root, strconv.Itoa(pid), "status"))
	if err != nil {
		return Memory{}, err
	}
	defer f.Close()
	var m Memory
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ":")
		if !ok || (key != "VmHWM" && key != "VmRSS") {
			continue
		}
		kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(val), " kB"), 10, 64)
		if err != nil {
			return m, fmt.Errorf("status %s: %w", key, err)
		}
		if key == "VmHWM" {
			m.Peak = kb << 10
		} else {
			m.Current = kb << 10
		}
	}
	return m, sc.Err()
}

// ResetPeak resets VmHWM to the current RSS (clear_refs value 5, Linux 4.0+),
// so that each benchmark step reports its own peak.
func ResetPeak(pid int) error {
	return os.WriteFile(filepath.Join(Root, strconv.Itoa(pid), "clear_refs"), []byte("5"), 0)
}

// MachineBusy is the CPU time all CPUs together spent not idle since boot,
// from the first line of /proc/stat. Diffed over a step and set against the
// collector's own CPU, it shows how much of the machine others were using.
func MachineBusy() (time.Duration, error) {
	f, err := os.Open(filepath.Join(Root, "stat"))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	if !sc.Scan() {
		return 0, errors.New("stat: empty")
	}
	fields := strings.Fields(sc.Text())
	if len(fields) < 5 || fields[0] != "cpu" {
		return 0, fmt.Errorf("stat: unexpected first line %q", sc.Text())
	}
	var busy uint64
	for i, f := range fields[1:] {
		v, err := strconv.ParseUint(f, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("stat: %w", err)
		}
		// user nice system idle iowait irq softirq steal guest guest_nice;
		// guest time is already counted in user.
		if i != 3 && i != 4 && i < 8 {
			busy += v
		}
	}
	return time.Duration(busy) * time.Second / clockTicks, nil
}
