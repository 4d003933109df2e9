// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package testutil

import (
	"runtime"
	"testing"
	"time"
)

// MeasureRecords runs fn b.N times and reports records per CPU-second (the machine is shared,
// so wall-clock rates depend on the neighbours; CPU time, GC included, does not), records per
// wall-clock second, B/record and allocs/record. fn adds what it decoded to *records.
func MeasureRecords(b *testing.B, fn func(), records *int) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	start, cpu0 := time.Now(), CPUTime()
	for i := 0; i < b.N; i++ {
		fn()
	}
	elapsed, cpu := time.Since(start), CPUTime()-cpu0
	b.StopTimer()
	runtime.ReadMemStats(&after)
	if *records == 0 {
		b.Fatal("no records decoded")
	}
	n := float64(*records)
	b.ReportMetric(n/cpu.Seconds(), "records/cpu-s")
	b.ReportMetric(n/elapsed.Seconds(), "records/s")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/n, "B/record")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/n, "allocs/record")
}
