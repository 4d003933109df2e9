// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package testutil

import (
	"context"
	"testing"
	"time"

	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
)

// BenchFlowRecords is the size of the batches ConsumeLogsBench builds.
const BenchFlowRecords = 1024

// PutBenchFlow fills attrs like the ipfix receiver's output for record i of a
// batch: the mapped fields sit among the usual ECS keys, so Map.Get scans
// realistically. Protocols, destination ports (ICMP type/code for ICMP) cycle
// over eight records.
func PutBenchFlow(attrs pcommon.Map, i int) {
	protos := [...]int64{6, 17, 6, 1, 6, 58, 17, 47}
	proto := protos[i%len(protos)]
	attrs.EnsureCapacity(24)
	attrs.PutStr("source.ip", "192.0.2.10")
	attrs.PutInt("source.port", 49152+int64(i%10000))
	attrs.PutStr("destination.ip", "198.51.100.20")
	attrs.PutInt("destination.port", [...]int64{443, 53, 22, 3<<8 | 3, 80, 128 << 8, 123, 0}[i%len(protos)])
	attrs.PutInt("network.iana_number", proto)
	attrs.PutInt("network.bytes", 1500)
	attrs.PutInt("network.packets", 3)
	attrs.PutInt("netflow.tcp_control_bits", 0x1b)
	attrs.PutInt("netflow.ingress_interface", 3)
	attrs.PutInt("netflow.egress_interface", 4)
	attrs.PutStr("event.start", "2026-11-27T05:00:00Z")
	attrs.PutStr("event.end", "2026-11-27T05:00:01Z")
}

// ConsumeLogsBench times p on fresh BenchFlowRecords-record batches of
// PutBenchFlow records, built outside the timer; with churn every record gets
// addresses no other record has (a scan). It reports per-record rates
// (ReportRecordRate).
func ConsumeLogsBench(b *testing.B, p consumer.Logs, churn bool) {
	b.ReportAllocs()
	var cpu time.Duration
	var seq uint32
	for b.Loop() {
		b.StopTimer()
		ld := plog.NewLogs()
		lrs := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords()
		for i := range BenchFlowRecords {
			attrs := lrs.AppendEmpty().Attributes()
			PutBenchFlow(attrs, i)
			if churn {
				seq += 2
				attrs.PutStr("source.ip", DistinctAddress(seq).String())
				attrs.PutStr("destination.ip", DistinctAddress(seq+1).String())
			}
		}
		b.StartTimer()
		start := CPUTime()
		if err := p.ConsumeLogs(context.Background(), ld); err != nil {
			b.Fatal(err)
		}
		cpu += CPUTime() - start
	}
	ReportRecordRate(b, b.N*BenchFlowRecords, cpu)
}

// ReportRecordRate reports records per wall second and, where measured, CPU
// nanoseconds per record and records per CPU second.
func ReportRecordRate(b *testing.B, records int, cpu time.Duration) {
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(records), "cpu-ns/record")
		b.ReportMetric(float64(records)/cpu.Seconds(), "records/cpu-s")
	}
}
