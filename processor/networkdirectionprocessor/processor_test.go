// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package networkdirectionprocessor

import (
	"context"
	"flag"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/processor/processortest"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/metric/metricdata/metricdatatest"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
	"github.com/otelcol-flows/otelcol-flows/processor/networkdirectionprocessor/internal/metadata"
	"github.com/otelcol-flows/otelcol-flows/processor/networkdirectionprocessor/internal/metadatatest"
)

var update = flag.Bool("update", false, "rewrite the expected golden files")

func newMarker(t *testing.T, cfg *Config, tel *componenttest.Telemetry) *directionMarker {
	t.Helper()
	p, err := newDirectionMarker(telemetrySettings(tel), cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = p.Shutdown(context.Background()) })
	return p
}

// telemetrySettings are tel's, or no-op ones where tel is nil.
func telemetrySettings(tel *componenttest.Telemetry) component.TelemetrySettings {
	if tel == nil {
		return processortest.NewNopSettings(metadata.Type).TelemetrySettings
	}
	return tel.NewTelemetrySettings()
}

// TestGolden: the same records under the default [private] and under a
// custom list; expected.yaml is rewritten by -update.
func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		cfg  *Config
	}{
		{"private", createDefaultConfig().(*Config)},
		{"custom", &Config{InternalNetworks: []string{"8.8.8.0/24", "2001:db8::/32"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := newMarker(t, tt.cfg, nil).ProcessLogs(context.Background(), testutil.ReadGoldenInput(t, tt.name))
			require.NoError(t, err)
			testutil.CompareGoldenLogs(t, tt.name, out, *update)
		})
	}
}

// attrsOf returns the string attributes of record i.
func attrsOf(ld plog.Logs, i int) map[string]string {
	m := map[string]string{}
	for k, v := range ld.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(i).Attributes().All() {
		m[k] = v.AsString()
	}
	return m
}

// TestDirectionsWithPrivate is what the issue asks to see, spelled out
// (the golden file holds the same).
func TestDirectionsWithPrivate(t *testing.T) {
	input := testutil.ReadGoldenInput(t, "private")
	out, err := newMarker(t, createDefaultConfig().(*Config), nil).ProcessLogs(context.Background(), input)
	require.NoError(t, err)
	for i, want := range []struct{ src, dst, flow, dir string }{
		{"internal", "external", "external", "outbound"}, // 10.0.0.1 -> 8.8.8.8
		{"external", "internal", "external", "inbound"},  // 8.8.8.8 -> 10.0.0.1
		{"internal", "internal", "internal", "internal"}, // 10/8 -> 192.168/16
		{"external", "external", "external", "external"}, // public -> public
	} {
		a := attrsOf(out, i)
		assert.Equal(t, want.src, a["source.locality"], i)
		assert.Equal(t, want.dst, a["destination.locality"], i)
		assert.Equal(t, want.flow, a["flow.locality"], i)
		assert.Equal(t, want.dir, a["network.direction"], i)
	}
	for _, i := range []int{6, 7, 8} { // no addresses, one address, not an address
		a := attrsOf(out, i)
		assert.NotContains(t, a, "network.direction", i)
		assert.NotContains(t, a, "flow.locality", i)
	}
	assert.NotContains(t, attrsOf(out, 6), "source.locality")
	assert.Equal(t, "internal", attrsOf(out, 7)["source.locality"], "a lone address still gets its own locality")
	assert.NotContains(t, attrsOf(out, 8), "source.locality")
}

func TestTelemetry(t *testing.T) {
	tel := componenttest.NewTelemetry()
	t.Cleanup(func() { require.NoError(t, tel.Shutdown(context.Background())) })
	input := testutil.ReadGoldenInput(t, "private")
	_, err := newMarker(t, createDefaultConfig().(*Config), tel).ProcessLogs(context.Background(), input)
	require.NoError(t, err)
	points := func(v int64) []metricdata.DataPoint[int64] { return []metricdata.DataPoint[int64]{{Value: v}} }
	metadatatest.AssertEqualProcessorNetworkdirectionRecordsProcessed(t, tel, points(10), metricdatatest.IgnoreTimestamp())
	metadatatest.AssertEqualProcessorNetworkdirectionRecordsWithoutDirection(t, tel, points(3), metricdatatest.IgnoreTimestamp())
}

func TestThroughTheFactory(t *testing.T) {
	f, sink := NewFactory(), new(consumertest.LogsSink)
	p := testutil.NewLogsProcessor(t, f, f.CreateDefaultConfig(), sink)
	require.NoError(t, p.Start(context.Background(), componenttest.NewNopHost()))
	defer func() { require.NoError(t, p.Shutdown(context.Background())) }()
	input := testutil.ReadGoldenInput(t, "private")
	require.NoError(t, p.ConsumeLogs(context.Background(), input))
	require.Len(t, sink.AllLogs(), 1)
	assert.Equal(t, "outbound", attrsOf(sink.AllLogs()[0], 0)["network.direction"])
}
