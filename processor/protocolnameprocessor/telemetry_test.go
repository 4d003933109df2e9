// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package protocolnameprocessor

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/metric/metricdata/metricdatatest"

	"github.com/otelcol-flows/otelcol-flows/processor/protocolnameprocessor/internal/metadatatest"
)

func mappingPoint(m string, v int64) metricdata.DataPoint[int64] {
	return metricdata.DataPoint[int64]{Attributes: attribute.NewSet(attribute.String("mapping", m)), Value: v}
}

func TestTelemetryCounts(t *testing.T) {
	tel := componenttest.NewTelemetry()
	t.Cleanup(func() { require.NoError(t, tel.Shutdown(context.Background())) })
	cfg := createDefaultConfig().(*Config)
	cfg.Service.Enabled = true
	p, err := NewFactory().CreateLogs(context.Background(), metadatatest.NewSettings(tel), cfg, new(consumertest.LogsSink))
	require.NoError(t, err)

	ld := plog.NewLogs()
	lrs := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords()
	for _, rec := range []map[string]any{
		{"network.iana_number": 6, "netflow.tcp_control_bits": 0x12, "source.port": 50000, "destination.port": 443},
		{"network.iana_number": 6, "netflow.tcp_control_bits": 0x02, "source.port": 50000, "destination.port": 50001},
		{"network.iana_number": 1, "destination.port": 3<<8 | 3},
		{"network.iana_number": 1, "destination.port": 99 << 8},
		{"network.iana_number": 250, "network.transport": "kept"},
		{"network.iana_number": 17, "network.transport": "kept", "destination.port": 53},
		{"unrelated": true},
	} {
		require.NoError(t, lrs.AppendEmpty().Attributes().FromRaw(rec))
	}
	require.NoError(t, p.ConsumeLogs(context.Background(), ld))
	require.NoError(t, p.Shutdown(context.Background()))

	metadatatest.AssertEqualProcessorProtocolnameRecordsProcessed(t, tel,
		[]metricdata.DataPoint[int64]{{Value: 7}}, metricdatatest.IgnoreTimestamp())
	// The udp record's transport already existed: neither set nor unknown.
	metadatatest.AssertEqualProcessorProtocolnameNamesSet(t, tel, []metricdata.DataPoint[int64]{
		mappingPoint("protocol", 4),
		mappingPoint("tcp_flags", 2),
		mappingPoint("icmp_type", 1),
		mappingPoint("icmp_code", 1),
		mappingPoint("service", 2),
	}, metricdatatest.IgnoreTimestamp())
	metadatatest.AssertEqualProcessorProtocolnameUnknownNumbers(t, tel, []metricdata.DataPoint[int64]{
		mappingPoint("protocol", 1),
		mappingPoint("icmp_type", 1),
		mappingPoint("service", 1),
	}, metricdatatest.IgnoreTimestamp())
}

// Bad input never panics; whatever the type, it is counted, not fatal.
func TestOddValueTypes(t *testing.T) {
	cfg := createDefaultConfig().(*Config)
	cfg.Service.Enabled = true
	odd := []any{nil, true, []byte{1}, []any{6}, map[string]any{"a": 1}, "", "-1", "1e3", 1e300, -0.5, int64(-1) << 62}
	keys := []string{
		"network.iana_number", "netflow.tcp_control_bits", "netflow.icmp_type_code_ipv4", "netflow.icmp_type_ipv4",
		"netflow.icmp_code_ipv4", "netflow.icmp_type_ipv6", "destination.port", "source.port",
	}
	for _, v := range odd {
		for _, k := range keys {
			in := map[string]any{k: v}
			if k != "network.iana_number" {
				in["network.iana_number"] = 1
			}
			require.NotPanics(t, func() { processOne(t, cfg, in) }, "%s=%v", k, v)
		}
	}
}
