// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package reversednsprocessor

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/processor/processortest"

	"github.com/otelcol-flows/otelcol-flows/internal/loadsignal"
	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
	"github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor/internal/dnstest"
	"github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor/internal/metadata"
)

// churnLogs is a batch of n flows whose source and destination addresses
// all differ from each other and from every other batch of the test (seq
// numbers the batch), as during a scan or a DDoS from spoofed sources.
func churnLogs(seq, n int) plog.Logs {
	flows := make([]flow, n)
	for i := range flows {
		k := uint32(2 * (seq*n + i))
		flows[i] = flow{src: testutil.DistinctAddress(k).String(), dst: testutil.DistinctAddress(k + 1).String()}
	}
	return makeLogs(flows...)
}

func refusingServer(t *testing.T) *dnstest.Server {
	srv := dnstest.Start(t)
	srv.SetFallback(func(string) dnstest.Record { return dnstest.Record{Rcode: dns.RcodeRefused} })
	return srv
}

// TestChurnStaysWithinRateLimit is the regression test of issue 24: with
// every address distinct and a server that refuses at once, the processor
// sent a query for every address its slots could take (thousands a second
// per core), and the collector lost most flows to that CPU. The clock is
// frozen, so the bucket never refills: the server must see at most burst
// lookups (times attempts, REFUSED is retried), every record must still
// come out, and the rest must be counted as skipped.
func TestChurnStaysWithinRateLimit(t *testing.T) {
	srv := refusingServer(t)
	cfg := testConfig(srv.Addr)
	cfg.Attempts = 2
	cfg.RateLimit = RateLimitConfig{QueriesPerSecond: 100, Burst: 200}
	p := startProcessor(t, cfg)

	const batches, perBatch = 40, 100
	records := 0
	for i := range batches {
		ld, _ := p.process(t, churnLogs(i, perBatch))
		records += ld.LogRecordCount()
		p.settle(t)
	}
	assert.Equal(t, batches*perBatch, records, "a record was lost")
	assert.LessOrEqual(t, srv.Total(), int64(cfg.RateLimit.Burst*cfg.Attempts),
		"lookups beyond the burst with the clock standing still")
	assert.Positive(t, srv.Total(), "no lookup at all: the bound above proved nothing")
	lookups := p.counter(t, "otelcol_processor_reversedns_queries")
	assert.Equal(t, int64(cfg.RateLimit.Burst), lookups)
	assert.Equal(t, int64(2*batches*perBatch)-lookups,
		p.counter(t, "otelcol_processor_reversedns_lookups_skipped", "reason", "rate_limit"))

	// A second of clock time buys queries_per_second more, no more.
	p.clock.advance(time.Second)
	before := srv.Total()
	_, _ = p.process(t, churnLogs(batches, perBatch))
	p.settle(t)
	assert.LessOrEqual(t, srv.Total()-before, int64(cfg.RateLimit.QueriesPerSecond)*int64(cfg.Attempts))
	assert.Equal(t, lookups+int64(cfg.RateLimit.QueriesPerSecond), p.counter(t, "otelcol_processor_reversedns_queries"))
}

// TestSilentServerStopsWaiting: a server that never answers makes the first
// batch spend its budget; later batches must not wait for lookups until
// shed_for has passed, and say so in the metrics.
func TestSilentServerStopsWaiting(t *testing.T) {
	srv := dnstest.Start(t)
	srv.SetDelay(time.Hour) // released when the test ends
	cfg := testConfig(srv.Addr)
	cfg.BatchBudget = 10 * time.Millisecond
	cfg.QueryTimeout = time.Minute
	p := startProcessor(t, cfg)

	_, elapsed := p.process(t, churnLogs(0, 10))
	require.GreaterOrEqual(t, elapsed, cfg.BatchBudget, "the first batch should have waited its budget")
	require.Equal(t, int64(shedNoWait), p.gauge(t, "otelcol_processor_reversedns_shed_level"))
	for i := 1; i <= 5; i++ {
		_, _ = p.process(t, churnLogs(i, 10))
	}
	assert.Equal(t, int64(5), p.counter(t, "otelcol_processor_reversedns_shed_batches", "level", "no_wait"))
	// Lookups still start while not waiting, so names keep coming when
	// the server recovers.
	assert.Equal(t, int64(6*20), p.counter(t, "otelcol_processor_reversedns_queries_in_flight"))

	p.clock.advance(cfg.ShedFor)
	assert.Equal(t, int64(shedNone), p.gauge(t, "otelcol_processor_reversedns_shed_level"))
	_, elapsed = p.process(t, churnLogs(6, 10))
	assert.GreaterOrEqual(t, elapsed, cfg.BatchBudget, "after shed_for a batch waits again")
}

// TestRefusalDownstreamStopsLookups: when the next consumer refuses a batch
// (its queue is full, a memory_limiter after this processor), no lookup
// starts until shed_for has passed; flows pass on, named from the cache.
func TestRefusalDownstreamStopsLookups(t *testing.T) {
	srv := namingServer(t)
	cfg := testConfig(srv.Addr)
	cfg.BatchBudget = 5 * time.Second
	p := startProcessor(t, cfg)
	next, err := p.WrapNext(consumertest.NewErr(errors.New("sending queue is full")))
	require.NoError(t, err)

	ld, _ := p.process(t, makeLogs(flow{src: v4Host.String()}))
	require.Equal(t, []string{"host.example.com"}, domains(ld, "source.domain"))
	require.Error(t, next.ConsumeLogs(context.Background(), ld))
	assert.Equal(t, int64(shedCacheOnly), p.gauge(t, "otelcol_processor_reversedns_shed_level"))

	ld, _ = p.process(t, makeLogs(flow{src: v4Host.String(), dst: v4Other.String()}))
	assert.Equal(t, []string{"host.example.com"}, domains(ld, "source.domain"), "cache hits go on")
	assert.Equal(t, []string{"-"}, domains(ld, "destination.domain"))
	assert.Equal(t, int64(1), srv.Total(), "a lookup started while the pipeline refused data")
	assert.Equal(t, int64(1), p.counter(t, "otelcol_processor_reversedns_lookups_skipped", "reason", "shedding"))
	assert.Equal(t, int64(1), p.counter(t, "otelcol_processor_reversedns_shed_batches", "level", "cache_only"))

	p.clock.advance(cfg.ShedFor)
	ld, _ = p.process(t, makeLogs(flow{dst: v4Other.String()}))
	assert.Equal(t, []string{"other.example.net"}, domains(ld, "destination.domain"))
}

// TestFactoryWatchesRefusals: the processor the factory builds sheds when
// its next consumer refuses.
func TestFactoryWatchesRefusals(t *testing.T) {
	srv := refusingServer(t)
	cfg := testConfig(srv.Addr)
	tel := componenttest.NewTelemetry()
	t.Cleanup(func() { require.NoError(t, tel.Shutdown(context.Background())) })
	set := processortest.NewNopSettings(metadata.Type)
	set.TelemetrySettings = tel.NewTelemetrySettings()
	proc, err := NewFactory().CreateLogs(context.Background(), set, cfg, consumertest.NewErr(errors.New("refused")))
	require.NoError(t, err)
	require.NoError(t, proc.Start(context.Background(), componenttest.NewNopHost()))
	defer func() { require.NoError(t, proc.Shutdown(context.Background())) }()
	for i := range 3 {
		assert.Error(t, proc.ConsumeLogs(context.Background(), churnLogs(i, 10)))
	}
	assert.Equal(t, int64(2*10*2), counterOf(t, tel, "otelcol_processor_reversedns_lookups_skipped", "reason", "shedding"),
		fmt.Sprintf("batches after the first refusal must not start lookups (server saw %d)", srv.Total()))
}

// TestReceiverBacklogStopsLookups: when this process's flow receivers fall
// behind (their queues fill, a memory_limiter before this processor
// refuses), no lookup starts until shed_for has passed; flows pass on.
func TestReceiverBacklogStopsLookups(t *testing.T) {
	srv := namingServer(t)
	cfg := testConfig(srv.Addr)
	p := startProcessor(t, cfg)
	p.load.Mark(time.Now())

	ld, _ := p.process(t, makeLogs(flow{src: v4Host.String(), dst: v4Other.String()}))
	assert.Equal(t, []string{"-"}, domains(ld, "source.domain"))
	assert.Equal(t, int64(0), srv.Total(), "a lookup started while the receivers were behind")
	assert.Equal(t, int64(shedCacheOnly), p.gauge(t, "otelcol_processor_reversedns_shed_level"))
	assert.Equal(t, int64(2), p.counter(t, "otelcol_processor_reversedns_lookups_skipped", "reason", "shedding"))
	assert.Equal(t, int64(1), p.counter(t, "otelcol_processor_reversedns_shed_batches", "level", "cache_only"))

	p.load = &loadsignal.Signal{} // caught up; the level holds for shed_for
	p.clock.advance(cfg.ShedFor)
	ld, _ = p.process(t, makeLogs(flow{src: v4Host.String()}))
	assert.Equal(t, []string{"host.example.com"}, domains(ld, "source.domain"))
}
