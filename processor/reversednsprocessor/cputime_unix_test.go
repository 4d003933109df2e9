// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

//go:build unix

package reversednsprocessor

import (
	"syscall"
	"time"
)

// processCPU is the user+system CPU time of the test process. Benchmarks
// divide by it as well as by wall time, because the build machine is
// shared and wall time there measures the neighbours too.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
