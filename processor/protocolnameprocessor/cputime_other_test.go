//go:build !unix

package protocolnameprocessor

import "time"

// processCPUTime is not measured off unix; benchmarks then report wall time only.
func processCPUTime() time.Duration { return 0 }
