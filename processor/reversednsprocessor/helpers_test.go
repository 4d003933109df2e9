// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package reversednsprocessor

import (
	"context"
	"net/netip"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/otelcol-flows/otelcol-flows/internal/loadsignal"
)

// testConfig asks the given server only, once, with a short time-out.
func testConfig(server string) *Config {
	cfg := createDefaultConfig().(*Config)
	cfg.Nameservers = []string{server}
	cfg.Attempts = 1
	cfg.QueryTimeout = 2 * time.Second
	return cfg
}

// fakeClock is a monotonic clock that tests move by hand.
type fakeClock struct{ ns atomic.Int64 }

func (c *fakeClock) now() int64              { return c.ns.Load() }
func (c *fakeClock) advance(d time.Duration) { c.ns.Add(int64(d)) }

type testProcessor struct {
	*reverseDNS
	tel   *componenttest.Telemetry
	clock *fakeClock
}

// startProcessor starts a processor on cfg with a fake clock and test
// telemetry; it is shut down when the test ends.
func startProcessor(t *testing.T, cfg *Config) *testProcessor {
	t.Helper()
	require.NoError(t, cfg.Validate())
	tel := componenttest.NewTelemetry()
	p, err := newReverseDNS(tel.NewTelemetrySettings(), cfg)
	require.NoError(t, err)
	clock := &fakeClock{}
	p.clock = clock.now
	p.load = &loadsignal.Signal{} // this test's own: no receiver marks it
	require.NoError(t, p.Start(context.Background(), componenttest.NewNopHost()))
	t.Cleanup(func() {
		require.NoError(t, p.Shutdown(context.Background()))
		require.NoError(t, tel.Shutdown(context.Background()))
	})
	return &testProcessor{reverseDNS: p, tel: tel, clock: clock}
}

// flow is one record's source and destination address.
type flow struct{ src, dst string }

func makeLogs(flows ...flow) plog.Logs {
	ld := plog.NewLogs()
	lrs := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords()
	for _, f := range flows {
		attrs := lrs.AppendEmpty().Attributes()
		if f.src != "" {
			attrs.PutStr("source.ip", f.src)
		}
		if f.dst != "" {
			attrs.PutStr("destination.ip", f.dst)
		}
	}
	return ld
}

// domains returns the source.domain (or "-" when absent) of each record.
func domains(ld plog.Logs, key string) []string {
	var out []string
	lrs := ld.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords()
	for i := range lrs.Len() {
		v, ok := lrs.At(i).Attributes().Get(key)
		if !ok {
			out = append(out, "-")
			continue
		}
		out = append(out, v.Str())
	}
	return out
}

func (p *testProcessor) process(t *testing.T, ld plog.Logs) (plog.Logs, time.Duration) {
	t.Helper()
	start := time.Now()
	out, err := p.ProcessLogs(context.Background(), ld)
	elapsed := time.Since(start)
	require.NoError(t, err)
	return out, elapsed
}

// settle waits until no lookup is in flight or queued, so answers are in
// the cache.
func (p *testProcessor) settle(t *testing.T) {
	t.Helper()
	require.Eventually(t, func() bool {
		p.lookups.mu.Lock()
		defer p.lookups.mu.Unlock()
		return len(p.lookups.pending) == 0 && p.lookups.backlog.n == 0
	}, 10*time.Second, time.Millisecond)
}

// counter sums an int64 sum metric, optionally only the points with the
// attribute key=value.
func (p *testProcessor) counter(t *testing.T, name string, kv ...string) int64 {
	t.Helper()
	return counterOf(t, p.tel, name, kv...)
}

// counterOf is testProcessor.counter for any test telemetry.
func counterOf(t *testing.T, tel *componenttest.Telemetry, name string, kv ...string) int64 {
	t.Helper()
	m, err := tel.GetMetric(name)
	if err != nil {
		return 0 // never recorded
	}
	sum, ok := m.Data.(metricdata.Sum[int64])
	require.True(t, ok, "%s is not an int64 sum", name)
	var total int64
	for _, dp := range sum.DataPoints {
		if len(kv) == 2 {
			if v, ok := dp.Attributes.Value(attribute.Key(kv[0])); !ok || v.AsString() != kv[1] {
				continue
			}
		}
		total += dp.Value
	}
	return total
}

func (p *testProcessor) gauge(t *testing.T, name string) int64 {
	t.Helper()
	m, err := p.tel.GetMetric(name)
	require.NoError(t, err)
	g, ok := m.Data.(metricdata.Gauge[int64])
	require.True(t, ok, "%s is not an int64 gauge", name)
	require.Len(t, g.DataPoints, 1)
	return g.DataPoints[0].Value
}

// Addresses namingServer has a PTR record for.
var (
	v4Host  = netip.MustParseAddr("192.0.2.10")
	v4Other = netip.MustParseAddr("198.51.100.7")
	v6Host  = netip.MustParseAddr("2001:db8::53")
)

// Addresses without a name: namingServer answers v4NX NXDOMAIN, v4Fail SERVFAIL.
var (
	v4NX   = netip.MustParseAddr("192.0.2.99")
	v4Fail = netip.MustParseAddr("203.0.113.1")
)
