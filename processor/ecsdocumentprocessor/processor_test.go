// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ecsdocumentprocessor

import (
	"context"
	"flag"
	"testing"
	"time"

	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/pdatatest/plogtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/processor/processortest"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/metric/metricdata/metricdatatest"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
	"github.com/otelcol-flows/otelcol-flows/processor/ecsdocumentprocessor/internal/metadata"
	"github.com/otelcol-flows/otelcol-flows/processor/ecsdocumentprocessor/internal/metadatatest"
)

var update = flag.Bool("update", false, "rewrite the expected golden files")

// fixedNow dates records that carry no timestamp at all.
var fixedNow = time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC)

func newShaper(t *testing.T, cfg *Config, tel *componenttest.Telemetry) *documentShaper {
	t.Helper()
	set := processortest.NewNopSettings(metadata.Type).TelemetrySettings
	if tel != nil {
		set = tel.NewTelemetrySettings()
	}
	p, err := newDocumentShaper(set, cfg)
	require.NoError(t, err)
	p.now = func() time.Time { return fixedNow }
	t.Cleanup(func() { _ = p.Shutdown(context.Background()) })
	return p
}

func customConfig() *Config {
	return &Config{IndexPrefix: "netflow", Exclude: []string{"netflow.*", "event.kind"}}
}

func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		cfg  *Config
	}{
		{"flow", createDefaultConfig().(*Config)},
		{"midnight", createDefaultConfig().(*Config)},
		{"far_dates", createDefaultConfig().(*Config)},
		{"missing_timestamp", createDefaultConfig().(*Config)},
		{"resource_conflict", createDefaultConfig().(*Config)},
		{"custom", customConfig()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := newShaper(t, tt.cfg, nil).ProcessLogs(context.Background(), testutil.ReadGoldenInput(t, tt.name))
			require.NoError(t, err)
			testutil.CompareGoldenLogs(t, tt.name, out, *update)
		})
	}
}

func recordAt(ts time.Time) plog.Logs {
	ld := plog.NewLogs()
	lr := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords().AppendEmpty()
	lr.SetTimestamp(pcommon.NewTimestampFromTime(ts))
	lr.Attributes().PutStr("source.ip", "192.0.2.1")
	return ld
}

func indexOf(t *testing.T, ld plog.Logs) string {
	t.Helper()
	v, ok := ld.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0).Attributes().Get(attrIndex)
	require.True(t, ok)
	return v.Str()
}

// A flow is filed under its own day, not the day it is processed: yesterday's
// flows (late exports, a queue drained after an outage) go to yesterday's index.
func TestIndexIsTheFlowsDayNotToday(t *testing.T) {
	p := newShaper(t, createDefaultConfig().(*Config), nil)
	now := time.Now().UTC()
	for _, ts := range []time.Time{now, now.Add(-24 * time.Hour), now.AddDate(0, -2, -3), now.AddDate(1, 0, 0)} {
		out, err := p.ProcessLogs(context.Background(), recordAt(ts))
		require.NoError(t, err)
		assert.Equal(t, "flows-"+ts.Format("2006.01.02"), indexOf(t, out))
	}
	// A non-UTC clock does not move the day: 23:30 in UTC-5 is the next UTC day.
	ny := time.FixedZone("UTC-5", -5*3600)
	out, err := p.ProcessLogs(context.Background(), recordAt(time.Date(2026, 3, 1, 23, 30, 0, 0, ny)))
	require.NoError(t, err)
	assert.Equal(t, "flows-2026.03.02", indexOf(t, out))
}

func TestRoutingAttributesOnlyAndBodymapScope(t *testing.T) {
	p := newShaper(t, createDefaultConfig().(*Config), nil)
	out, err := p.ProcessLogs(context.Background(), recordAt(fixedNow))
	require.NoError(t, err)
	sl := out.ResourceLogs().At(0).ScopeLogs().At(0)
	mode, ok := sl.Scope().Attributes().Get(scopeMappingMode)
	require.True(t, ok)
	assert.Equal(t, "bodymap", mode.Str())
	lr := sl.LogRecords().At(0)
	assert.Equal(t, []string{attrIndex, attrDocumentID}, keys(lr.Attributes()))
	assert.Equal(t, pcommon.ValueTypeMap, lr.Body().Type())
	_, hasRouting := lr.Body().Map().Get(attrIndex)
	assert.False(t, hasRouting)
}

// TestShapingTwiceChangesNothing: a receiver that retries a batch after a
// non-permanent error downstream sends documents through again.
func TestShapingTwiceChangesNothing(t *testing.T) {
	p := newShaper(t, createDefaultConfig().(*Config), nil)
	once, err := p.ProcessLogs(context.Background(), recordAt(fixedNow))
	require.NoError(t, err)
	want := plog.NewLogs()
	once.CopyTo(want)
	twice, err := p.ProcessLogs(context.Background(), once)
	require.NoError(t, err)
	require.NoError(t, plogtest.CompareLogs(want, twice))
}

func keys(m pcommon.Map) []string {
	var out []string
	for k := range m.All() {
		out = append(out, k)
	}
	return out
}

// documentIDOf shapes the test record, changed by mutate, and returns its document id.
func documentIDOf(t *testing.T, cfg *Config, mutate func(plog.LogRecord)) string {
	t.Helper()
	ld := recordAt(fixedNow)
	mutate(ld.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0))
	out, err := newShaper(t, cfg, nil).ProcessLogs(context.Background(), ld)
	require.NoError(t, err)
	v, _ := out.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0).Attributes().Get(attrDocumentID)
	return v.Str()
}

func TestDocumentIDIsAFunctionOfTheDocument(t *testing.T) {
	id := func(mutate func(plog.LogRecord)) string {
		return documentIDOf(t, createDefaultConfig().(*Config), mutate)
	}
	same := func(plog.LogRecord) {}
	base := id(same)
	assert.Len(t, base, 22)
	assert.Equal(t, base, id(same), "a redelivered flow gets the same id")
	assert.NotEqual(t, base, id(func(lr plog.LogRecord) { lr.Attributes().PutInt("source.bytes", 1) }))
	assert.NotEqual(t, base, id(func(lr plog.LogRecord) { lr.SetTimestamp(lr.Timestamp() + 1e6) }))
	// Length prefixes keep "ab"+"c" apart from "a"+"bc".
	a := id(func(lr plog.LogRecord) { lr.Attributes().PutStr("ab", "c") })
	b := id(func(lr plog.LogRecord) { lr.Attributes().PutStr("a", "bc") })
	assert.NotEqual(t, a, b)
}

// TestDocumentIDExclude: a flow enriched differently the second time (the PTR name missed the DNS
// budget after a restart) keeps its first id when the enriched fields are left out of the hash, and
// leaving nothing out keeps the ids of earlier versions.
func TestDocumentIDExclude(t *testing.T) {
	idWith := func(cfg *Config, mutate func(plog.LogRecord)) string { return documentIDOf(t, cfg, mutate) }
	named := func(lr plog.LogRecord) {
		lr.Attributes().PutStr("source.domain", "host.example.")
		lr.Attributes().PutStr("source.geo.city_name", "London")
	}
	unnamed := func(plog.LogRecord) {}
	def := createDefaultConfig().(*Config)
	assert.NotEqual(t, idWith(def, named), idWith(def, unnamed))

	skip := createDefaultConfig().(*Config)
	skip.DocumentIDExclude = []string{"source.domain", "source.geo.*"}
	assert.Equal(t, idWith(skip, named), idWith(skip, unnamed), "enrichment left out of the id")
	assert.NotEqual(t, idWith(skip, unnamed), idWith(skip, func(lr plog.LogRecord) { lr.Attributes().PutInt("source.bytes", 1) }))

	unused := createDefaultConfig().(*Config)
	unused.DocumentIDExclude = []string{"no.such.field"}
	assert.Equal(t, idWith(def, named), idWith(unused, named), "a list that matches nothing changes no id")
}

func TestTelemetry(t *testing.T) {
	tel := componenttest.NewTelemetry()
	t.Cleanup(func() { require.NoError(t, tel.Shutdown(context.Background())) })
	p := newShaper(t, createDefaultConfig().(*Config), tel)
	ld := recordAt(fixedNow)
	noTS := ld.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().AppendEmpty()
	noTS.SetObservedTimestamp(pcommon.NewTimestampFromTime(fixedNow))
	_, err := p.ProcessLogs(context.Background(), ld)
	require.NoError(t, err)
	metadatatest.AssertEqualProcessorEcsdocumentDocuments(t, tel,
		[]metricdata.DataPoint[int64]{{Value: 2}}, metricdatatest.IgnoreTimestamp())
	metadatatest.AssertEqualProcessorEcsdocumentMissingTimestamp(t, tel,
		[]metricdata.DataPoint[int64]{{Value: 1}}, metricdatatest.IgnoreTimestamp())
}

func TestThroughFactoryToSink(t *testing.T) {
	sink := new(consumertest.LogsSink)
	f := NewFactory()
	proc := testutil.NewLogsProcessor(t, f, f.CreateDefaultConfig(), sink)
	require.NoError(t, proc.Start(context.Background(), componenttest.NewNopHost()))
	require.NoError(t, proc.ConsumeLogs(context.Background(), recordAt(fixedNow)))
	require.NoError(t, proc.Shutdown(context.Background()))
	require.Len(t, sink.AllLogs(), 1)
	assert.Equal(t, "flows-2026.11.27", indexOf(t, sink.AllLogs()[0]))
}
