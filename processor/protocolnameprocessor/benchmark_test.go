// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package protocolnameprocessor

import (
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/featuregate"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/processor/processortest"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
	"github.com/otelcol-flows/otelcol-flows/processor/protocolnameprocessor/internal/metadata"
)

const benchRecords = testutil.BenchFlowRecords

func benchAttrs() []pcommon.Map {
	ld := plog.NewLogs()
	lrs := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords()
	out := make([]pcommon.Map, benchRecords)
	for i := range out {
		out[i] = lrs.AppendEmpty().Attributes()
		testutil.PutBenchFlow(out[i], i)
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
	testutil.ReportRecordRate(b, b.N, testutil.CPUTime()-cpuStart)
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
	testutil.ConsumeLogsBench(b, testutil.NewLogsProcessor(b, NewFactory(), cfg, consumertest.NewNop()), churn)
}
