// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// The day-prefix formatter must give exactly what time.RFC3339Nano gives, cached or not.
func TestTimeCacheMatchesRFC3339Nano(t *testing.T) {
	instants := []int64{
		0, 1, 999_999_999, 1_000_000_000, 1_000_000_001, 86_399_999_999_999, 86_400_000_000_000,
		1767225600_123_000_000, 1767225600_100_000_000, 1767225599_999_999_999,
		-1, -1_000_000_000, math.MinInt64, math.MaxInt64,
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 10000 {
		instants = append(instants, r.Int64N(4_000_000_000)*int64(time.Second)+r.Int64N(3)*r.Int64N(int64(time.Second)))
	}
	var c timeCache
	for _, ns := range instants {
		want := time.Unix(0, ns).UTC().Format(time.RFC3339Nano)
		for range 2 { // miss, then hit
			if got := c.str(ns); got != want {
				t.Fatalf("str(%d) = %q, want %q", ns, got, want)
			}
		}
	}
}

func BenchmarkTimeCacheMiss(b *testing.B) {
	var c timeCache
	ns := int64(1767225600_000_000_000)
	for b.Loop() {
		ns += 1_234_567
		_ = c.str(ns)
	}
}
