// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geoipprocessor

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/collector/processor/processortest"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.uber.org/zap"

	"github.com/otelcol-flows/otelcol-flows/internal/geodbtest"
	"github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor/internal/metadata"
)

// testDatabases writes the shared fixtures and returns a config using them.
func testDatabases(t testing.TB) *Config {
	t.Helper()
	dir := t.TempDir()
	cfg := createDefaultConfig().(*Config)
	city, asn := filepath.Join(dir, "GeoIP2-City.mmdb"), filepath.Join(dir, "GeoLite2-ASN.mmdb")
	cfg.Databases.City, cfg.Databases.ASN = DatabaseFiles{city}, DatabaseFiles{asn}
	geodbtest.WriteCity(t, city, geodbtest.Berlin, geodbtest.Munich, geodbtest.CountryOnly)
	geodbtest.WriteASN(t, asn, geodbtest.ASNBerlin, geodbtest.ASNMunich)
	return cfg
}

type harness struct {
	proc processor.Logs
	sink *consumertest.LogsSink
	tel  *componenttest.Telemetry
}

// startProcessor starts the processor on cfg; it is shut down at cleanup.
func startProcessor(t testing.TB, cfg *Config) *harness {
	t.Helper()
	return startProcessorWith(t, cfg, zap.NewNop())
}

// startProcessorWith is startProcessor with the processor's logger.
func startProcessorWith(t testing.TB, cfg *Config, logger *zap.Logger) *harness {
	t.Helper()
	h := &harness{sink: new(consumertest.LogsSink), tel: componenttest.NewTelemetry()}
	set := processortest.NewNopSettings(metadata.Type)
	set.TelemetrySettings = h.tel.NewTelemetrySettings()
	set.Logger = logger
	proc, err := NewFactory().CreateLogs(context.Background(), set, cfg, h.sink)
	require.NoError(t, err)
	require.NoError(t, proc.Start(context.Background(), componenttest.NewNopHost()))
	h.proc = proc
	t.Cleanup(func() {
		require.NoError(t, proc.Shutdown(context.Background()))
		require.NoError(t, h.tel.Shutdown(context.Background()))
	})
	return h
}

// logsWith builds one log record per attribute map.
func logsWith(records ...map[string]any) plog.Logs {
	ld := plog.NewLogs()
	lrs := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords()
	for _, attrs := range records {
		if err := lrs.AppendEmpty().Attributes().FromRaw(attrs); err != nil {
			panic(err)
		}
	}
	return ld
}

// consume runs records through the processor and returns their attributes.
func (h *harness) consume(t testing.TB, records ...map[string]any) []map[string]any {
	t.Helper()
	h.sink.Reset()
	require.NoError(t, h.proc.ConsumeLogs(context.Background(), logsWith(records...)))
	var out []map[string]any
	for _, ld := range h.sink.AllLogs() {
		lrs := ld.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords()
		for i := 0; i < lrs.Len(); i++ {
			out = append(out, lrs.At(i).Attributes().AsRaw())
		}
	}
	return out
}

// counter sums a counter's data points whose "database" attribute is
// database ("" for counters without it); a counter never added is 0.
func (h *harness) counter(t testing.TB, name, database string) int64 {
	t.Helper()
	m, err := h.tel.GetMetric("otelcol_processor_geoip_" + name)
	if err != nil {
		return 0
	}
	sum, ok := m.Data.(metricdata.Sum[int64])
	require.True(t, ok, "%s is not an int sum", name)
	var total int64
	for _, dp := range sum.DataPoints {
		v, _ := dp.Attributes.Value(attribute.Key("database"))
		if v.AsString() == database {
			total += dp.Value
		}
	}
	return total
}
