//go:build unix

package protocolnameprocessor

import (
	"syscall"
	"time"
)

// processCPUTime is the user+system CPU time of the test process. Benchmarks
// report it next to wall time because the build machine is shared: wall time
// per op grows with other tenants' load, CPU time per op much less.
func processCPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
