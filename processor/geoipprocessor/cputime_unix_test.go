//go:build unix

package geoipprocessor

import (
	"syscall"
	"time"
)

// processCPUTime is the user and system CPU time the test process has
// used. On a shared machine it measures the work, where wall time also
// measures the neighbours.
func processCPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
