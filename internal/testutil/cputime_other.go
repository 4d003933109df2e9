// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

//go:build !unix

package testutil

import "time"

// CPUTime is not measured off Unix; benchmarks then report 0.
func CPUTime() time.Duration { return 0 }
