// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

//go:build !unix

package reversednsprocessor

import "time"

// processCPU is not measured here; benchmarks then report wall time only.
func processCPU() time.Duration { return 0 }
