// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

//go:build unix

package testutil

import (
	"syscall"
	"time"
)

// CPUTime is the user and system CPU time this process has used. Benchmarks report work per
// CPU-second next to wall time because the build machine is shared: wall time also measures the
// neighbours.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
