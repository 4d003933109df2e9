// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package networkdirectionprocessor

import (
	"context"
	"fmt"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/processor/processortest"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
	"github.com/otelcol-flows/otelcol-flows/processor/networkdirectionprocessor/internal/metadata"
)

// flowBatch is n records shaped as the ipfix receiver writes them (about 30 attributes, the
// addresses among the first), half of them leaving the private networks.
func flowBatch(n int) plog.Logs {
	ld := plog.NewLogs()
	recs := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords()
	for i := range n {
		a := recs.AppendEmpty().Attributes()
		for j := range 8 {
			a.PutStr(fmt.Sprintf("event.field%d", j), "x")
		}
		a.PutStr("source.ip", fmt.Sprintf("10.0.%d.%d", i/256%256, i%256))
		a.PutInt("source.port", 40000)
		if i%2 == 0 {
			a.PutStr("destination.ip", "8.8.8.8")
		} else {
			a.PutStr("destination.ip", "192.168.1.1")
		}
		for j := range 20 {
			a.PutInt(fmt.Sprintf("netflow.element%d", j), int64(j))
		}
	}
	return ld
}

// BenchmarkMark: `go test -bench Mark ./processor/networkdirectionprocessor`; reports the CPU
// time per record (process CPU, so that a busy machine's waiting is not counted).
func BenchmarkMark(b *testing.B) {
	p, err := newDirectionMarker(processortest.NewNopSettings(metadata.Type).TelemetrySettings, createDefaultConfig().(*Config))
	if err != nil {
		b.Fatal(err)
	}
	const records = 4096
	ld := flowBatch(records)
	b.ReportAllocs()
	var cpu time.Duration
	for b.Loop() {
		start := testutil.CPUTime()
		_, _ = p.ProcessLogs(context.Background(), ld)
		cpu += testutil.CPUTime() - start
	}
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N*records), "cpu-ns/record")
}
