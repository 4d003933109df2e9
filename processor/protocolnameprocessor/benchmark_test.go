// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package protocolnameprocessor

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/featuregate"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/processor/processortest"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
	"github.com/otelcol-flows/otelcol-flows/processor/protocolnameprocessor/internal/metadata"
)

const benchRecords = 1024

// benchFlow builds a record shaped like the ipfix receiver's output: the
// mapped fields sit among the usual ECS keys, so Map.Get scans realistically.
func benchFlow(attrs pcommon.Map, i int) {
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

func benchAttrs() []pcommon.Map {
	ld := plog.NewLogs()
	lrs := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords()
	out := make([]pcommon.Map, benchRecords)
	for i := range out {
		out[i] = lrs.AppendEmpty().Attributes()
		benchFlow(out[i], i)
	}
	return out
}

// benchMapping times processRecord on one record per op. The reset targets
// are removed first (Remove does not allocate; its scan is in the figure) so
// every op writes new attributes, as on a fresh record from a receiver.
func benchMapping(b *testing.B, cfg *Config, reset []string) {
	p, err := newProtocolNamer(processortest.NewNopSettings(metadata.Type).TelemetrySettings, cfg)
	require.NoError(b, err)
	recs := benchAttrs()
	var c batchCounts
	for _, r := range recs { // warm: first write grows nothing (capacity 24)
		p.processRecord(r, &c)
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpuStart := testutil.CPUTime()
	for i := 0; i < b.N; i++ {
		attrs := recs[i%benchRecords]
		for _, k := range reset {
			attrs.Remove(k)
		}
		p.processRecord(attrs, &c)
	}
	reportRate(b, b.N, testutil.CPUTime()-cpuStart)
}

// reportRate reports records per wall second and, where measured, CPU
// nanoseconds per record and records per CPU second.
func reportRate(b *testing.B, records int, cpu time.Duration) {
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(records), "cpu-ns/record")
		b.ReportMetric(float64(records)/cpu.Seconds(), "records/cpu-s")
	}
}

func only(m func(*Config)) *Config {
	cfg := createDefaultConfig().(*Config)
	cfg.Protocol.Enabled, cfg.TCPFlags.Enabled, cfg.ICMP.Enabled, cfg.Service.Enabled = false, false, false, false
	m(cfg)
	return cfg
}

func BenchmarkMapping(b *testing.B) {
	icmpTargets := []string{"icmp.type", "icmp.code", "icmp.type_name", "icmp.code_name"}
	cases := []struct {
		name    string
		cfg     *Config
		targets []string
	}{
		{"protocol", only(func(c *Config) { c.Protocol.Enabled = true }), []string{"network.transport"}},
		{"protocol_iana_case", only(func(c *Config) { c.Protocol.Enabled, c.Protocol.Case = true, CaseIANA }), []string{"network.transport"}},
		{"tcp_flags_list", only(func(c *Config) { c.TCPFlags.Enabled = true }), []string{"network.tcp_flags"}},
		{"tcp_flags_string", only(func(c *Config) { c.TCPFlags.Enabled, c.TCPFlags.Format = true, FormatString }), []string{"network.tcp_flags"}},
		{"icmp", only(func(c *Config) { c.ICMP.Enabled = true }), icmpTargets},
		{"service", only(func(c *Config) { c.Service.Enabled = true }), []string{"network.application"}},
		{"defaults", createDefaultConfig().(*Config), append([]string{"network.transport", "network.tcp_flags"}, icmpTargets...)},
	}
	for _, tc := range cases {
		b.Run(tc.name+"/write", func(b *testing.B) { benchMapping(b, tc.cfg, tc.targets) })
		// Targets already present and override off: read, look up, decide,
		// write nothing. This isolates the processor's own cost from pdata's.
		b.Run(tc.name+"/lookup", func(b *testing.B) { benchMapping(b, tc.cfg, nil) })
	}
}

// BenchmarkMappingProtoPooling rewrites existing targets (override: true)
// with the collector's pdata.useProtoPooling gate on, where pdata recycles
// the value it replaces.
func BenchmarkMappingProtoPooling(b *testing.B) {
	require.NoError(b, featuregate.GlobalRegistry().Set("pdata.useProtoPooling", true))
	b.Cleanup(func() { _ = featuregate.GlobalRegistry().Set("pdata.useProtoPooling", false) })
	cfg := only(func(c *Config) { c.Protocol.Enabled, c.Protocol.Override = true, true })
	benchMapping(b, cfg, nil)
}

// BenchmarkConsumeLogs goes through processorhelper, one 1024-record batch
// per op, each batch fresh (built outside the timer).
func BenchmarkConsumeLogs(b *testing.B) {
	flagsString := createDefaultConfig().(*Config)
	flagsString.TCPFlags.Format = FormatString
	cases := []struct {
		name  string
		cfg   *Config
		churn bool
	}{
		{"protocol", only(func(c *Config) { c.Protocol.Enabled = true }), false},
		{"defaults_flags_string", flagsString, false},
		{"defaults", createDefaultConfig().(*Config), false},
		// Issue 24: every record a new source and destination, as during
		// a scan; no mapping keys on addresses, so this must match defaults.
		{"defaults/distinct_addresses", createDefaultConfig().(*Config), true},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) { benchConsumeLogs(b, tc.cfg, tc.churn) })
	}
}

func benchConsumeLogs(b *testing.B, cfg *Config, churn bool) {
	p, err := NewFactory().CreateLogs(context.Background(), processortest.NewNopSettings(metadata.Type), cfg, consumertest.NewNop())
	require.NoError(b, err)
	runConsumeLogs(b, p, churn)
}

// runConsumeLogs times p on fresh batches; with churn every record gets
// addresses no other record has.
func runConsumeLogs(b *testing.B, p consumer.Logs, churn bool) {
	b.ReportAllocs()
	var cpu time.Duration
	var seq uint32
	for b.Loop() {
		b.StopTimer()
		ld := plog.NewLogs()
		lrs := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords()
		for i := range benchRecords {
			attrs := lrs.AppendEmpty().Attributes()
			benchFlow(attrs, i)
			if churn {
				seq += 2
				attrs.PutStr("source.ip", testutil.DistinctAddress(seq).String())
				attrs.PutStr("destination.ip", testutil.DistinctAddress(seq+1).String())
			}
		}
		b.StartTimer()
		start := testutil.CPUTime()
		require.NoError(b, p.ConsumeLogs(context.Background(), ld))
		cpu += testutil.CPUTime() - start
	}
	reportRate(b, b.N*benchRecords, cpu)
}
