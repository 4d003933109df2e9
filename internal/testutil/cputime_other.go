//go:build !unix

package testutil

import "time"

// CPUTime is not measured off Unix; benchmarks then report 0.
func CPUTime() time.Duration { return 0 }
