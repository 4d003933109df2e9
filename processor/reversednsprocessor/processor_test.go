// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package reversednsprocessor

import (
	"context"
	"fmt"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor/internal/dnstest"
)

func namingServer(t *testing.T) *dnstest.Server {
	srv := dnstest.Start(t)
	srv.Set(v4Host, dnstest.Record{Name: "Host.Example.COM.", TTL: 300})
	srv.Set(v4Other, dnstest.Record{Name: "other.example.net", TTL: 300})
	srv.Set(v6Host, dnstest.Record{Name: "v6.example.org.", TTL: 300})
	srv.Set(v4NX, dnstest.Record{Rcode: dns.RcodeNameError})
	srv.Set(v4Fail, dnstest.Record{Rcode: dns.RcodeServerFailure})
	return srv
}

func TestNamesFromServer(t *testing.T) {
	for _, fallback := range []bool{false, true} {
		t.Run(fmt.Sprintf("fallback_to_address=%v", fallback), func(t *testing.T) {
			srv := namingServer(t)
			cfg := testConfig(srv.Addr)
			cfg.BatchBudget = 5 * time.Second // the server answers at once
			cfg.FallbackToAddress = fallback
			p := startProcessor(t, cfg)

			ld, _ := p.process(t, makeLogs(
				flow{src: "192.0.2.10", dst: "2001:db8::53"},
				flow{src: "::ffff:198.51.100.7", dst: "192.0.2.99"},
				flow{src: "203.0.113.1"},
			))
			noName := "-"
			if fallback {
				noName = "203.0.113.1"
			}
			assert.Equal(t, []string{"host.example.com", "other.example.net", noName}, domains(ld, "source.domain"))
			nx := "-"
			if fallback {
				nx = "192.0.2.99"
			}
			assert.Equal(t, []string{"v6.example.org", nx, "-"}, domains(ld, "destination.domain"))
			assert.Equal(t, int64(5), p.counter(t, "otelcol_processor_reversedns_cache_misses"))
			assert.Equal(t, int64(3), p.counter(t, "otelcol_processor_reversedns_queries", "result", "name"))
			assert.Equal(t, int64(1), p.counter(t, "otelcol_processor_reversedns_queries", "result", "not_found"))
			assert.Equal(t, int64(1), p.counter(t, "otelcol_processor_reversedns_queries", "result", "error"))
			assert.Equal(t, int64(5), p.gauge(t, "otelcol_processor_reversedns_cache_size"))
		})
	}
}

func TestServerFailureTriesNextServer(t *testing.T) {
	broken := dnstest.Start(t)
	broken.SetFallback(func(string) dnstest.Record { return dnstest.Record{Rcode: dns.RcodeServerFailure} })
	good := namingServer(t)
	cfg := testConfig(broken.Addr)
	cfg.Nameservers = append(cfg.Nameservers, good.Addr)
	cfg.BatchBudget = 5 * time.Second
	p := startProcessor(t, cfg)

	ld, _ := p.process(t, makeLogs(flow{src: "192.0.2.10"}))
	assert.Equal(t, []string{"host.example.com"}, domains(ld, "source.domain"))
	assert.Equal(t, 1, broken.Queries(v4Host))
	assert.Equal(t, 1, good.Queries(v4Host))
}

// TestSlowServerKeepsBudget: the server answers after 200 ms, the budget
// is 20 ms. The batch must come back within the budget plus scheduling
// slack, well before the answer; the next batch gets the name from the
// cache.
func TestSlowServerKeepsBudget(t *testing.T) {
	const delay = 200 * time.Millisecond
	srv := namingServer(t)
	srv.SetDelay(delay)
	cfg := testConfig(srv.Addr)
	cfg.BatchBudget = 20 * time.Millisecond
	p := startProcessor(t, cfg)

	ld, elapsed := p.process(t, makeLogs(flow{src: "192.0.2.10", dst: "2001:db8::53"}))
	assert.Equal(t, []string{"-"}, domains(ld, "source.domain"), "no name can be known before the answer")
	assert.GreaterOrEqual(t, elapsed, cfg.BatchBudget, "the batch should have used its budget waiting")
	// Half the server delay is far above scheduling noise, and far below
	// what waiting for the answer would take.
	assert.Less(t, elapsed, cfg.BatchBudget+delay/2, "the batch waited for the slow server")
	assert.Zero(t, srv.Answered(), "the answer came before the batch returned; the bound proves nothing")
	assert.Equal(t, int64(2), p.counter(t, "otelcol_processor_reversedns_budget_timeouts"))

	p.settle(t)
	assert.Equal(t, int64(2), srv.Answered())
	ld, elapsed = p.process(t, makeLogs(flow{src: "192.0.2.10", dst: "2001:db8::53"}))
	assert.Equal(t, []string{"host.example.com"}, domains(ld, "source.domain"))
	assert.Equal(t, []string{"v6.example.org"}, domains(ld, "destination.domain"))
	assert.Less(t, elapsed, cfg.BatchBudget, "a batch of cache hits must not wait")
	assert.Equal(t, int64(2), p.counter(t, "otelcol_processor_reversedns_cache_hits"))
}

// TestZeroBudgetNeverWaits: with batch_budget 0 the first batch goes on at
// once and later batches are named from the cache.
func TestZeroBudgetNeverWaits(t *testing.T) {
	srv := namingServer(t)
	srv.SetDelay(200 * time.Millisecond)
	cfg := testConfig(srv.Addr)
	cfg.BatchBudget = 0
	p := startProcessor(t, cfg)
	ld, _ := p.process(t, makeLogs(flow{src: "192.0.2.10"}))
	assert.Equal(t, []string{"-"}, domains(ld, "source.domain"))
	assert.Zero(t, srv.Answered())
	p.settle(t)
	ld, _ = p.process(t, makeLogs(flow{src: "192.0.2.10"}))
	assert.Equal(t, []string{"host.example.com"}, domains(ld, "source.domain"))
}

// TestSharedInFlightQuery: many batches at once, and many records in one
// batch, need the same address; the server sees one query.
func TestSharedInFlightQuery(t *testing.T) {
	srv := namingServer(t)
	srv.SetDelay(100 * time.Millisecond)
	cfg := testConfig(srv.Addr)
	cfg.BatchBudget = 5 * time.Second
	p := startProcessor(t, cfg)

	same := make([]flow, 100)
	for i := range same {
		same[i] = flow{src: "192.0.2.10", dst: "192.0.2.10"}
	}
	var wg sync.WaitGroup
	results := make([]plog.Logs, 20)
	for i := range results {
		wg.Go(func() {
			out, err := p.ProcessLogs(context.Background(), makeLogs(same...))
			assert.NoError(t, err)
			results[i] = out
		})
	}
	wg.Wait()
	for _, ld := range results {
		for _, d := range domains(ld, "source.domain") {
			require.Equal(t, "host.example.com", d)
		}
	}
	assert.Equal(t, 1, srv.Queries(v4Host))
}

// TestInFlightBound: with room for two queries, the other addresses are
// skipped for this batch and counted; nothing blocks on a free slot. The
// skipped addresses wait in the backlog (4 per slot) and are looked up as
// slots free up, without another batch; beyond the backlog they are not.
func TestInFlightBound(t *testing.T) {
	srv := dnstest.Start(t)
	srv.SetFallback(func(string) dnstest.Record { return dnstest.Record{Name: "any.example", TTL: 60} })
	srv.SetDelay(300 * time.Millisecond)
	cfg := testConfig(srv.Addr)
	cfg.MaxInFlight = 2
	cfg.BatchBudget = 0
	p := startProcessor(t, cfg)

	flows := make([]flow, 12)
	for i := range flows {
		flows[i] = flow{src: fmt.Sprintf("192.0.2.%d", i+1)}
	}
	_, elapsed := p.process(t, makeLogs(flows...))
	assert.Less(t, elapsed, 150*time.Millisecond, "the batch waited for a free slot")
	assert.Equal(t, int64(10), p.counter(t, "otelcol_processor_reversedns_lookups_skipped", "reason", "in_flight_limit"))
	assert.Equal(t, int64(2), p.counter(t, "otelcol_processor_reversedns_queries_in_flight"))
	// A repeat batch while the queries run must not queue duplicates.
	_, _ = p.process(t, makeLogs(flows...))
	p.settle(t)
	assert.Equal(t, int64(10), srv.Total(), "2 in flight + 8 from the backlog; 2 did not fit")
	assert.Equal(t, int64(0), p.counter(t, "otelcol_processor_reversedns_queries_in_flight"))

	ld, _ := p.process(t, makeLogs(flows...))
	named := 0
	for _, d := range domains(ld, "source.domain") {
		if d == "any.example" {
			named++
		}
	}
	assert.Equal(t, 10, named, "names from the backlog lookups must be cached")
	p.settle(t)
	assert.Equal(t, int64(12), srv.Total(), "the two left out are looked up on the next batch")
}

func TestTTLClamping(t *testing.T) {
	srv := dnstest.Start(t)
	short := netip.MustParseAddr("192.0.2.1")
	long := netip.MustParseAddr("192.0.2.2")
	srv.Set(short, dnstest.Record{Name: "short.example", TTL: 0})
	srv.Set(long, dnstest.Record{Name: "long.example", TTL: 7 * 86400})
	cfg := testConfig(srv.Addr)
	cfg.BatchBudget = 5 * time.Second
	cfg.Cache.MinTTL = time.Minute
	cfg.Cache.MaxTTL = time.Hour
	p := startProcessor(t, cfg)

	batch := makeLogs(flow{src: "192.0.2.1", dst: "192.0.2.2"})
	_, _ = p.process(t, batch)
	p.clock.advance(59 * time.Second)
	_, _ = p.process(t, batch)
	assert.Equal(t, 1, srv.Queries(short), "TTL 0 must be raised to min_ttl")
	p.clock.advance(2 * time.Second)
	_, _ = p.process(t, batch)
	assert.Equal(t, 2, srv.Queries(short), "entry must expire after min_ttl")
	assert.Equal(t, 1, srv.Queries(long))
	p.clock.advance(time.Hour)
	_, _ = p.process(t, batch)
	assert.Equal(t, 2, srv.Queries(long), "a week-long TTL must be cut to max_ttl")
}

func TestNegativeCaching(t *testing.T) {
	srv := namingServer(t)
	cfg := testConfig(srv.Addr)
	cfg.BatchBudget = 5 * time.Second
	cfg.Cache.NegativeTTL = 5 * time.Minute
	cfg.Cache.FailureTTL = 30 * time.Second
	p := startProcessor(t, cfg)

	batch := makeLogs(flow{src: "192.0.2.99", dst: "203.0.113.1"})
	_, _ = p.process(t, batch)
	p.clock.advance(29 * time.Second)
	_, _ = p.process(t, batch)
	assert.Equal(t, 1, srv.Queries(v4NX))
	assert.Equal(t, 1, srv.Queries(v4Fail))
	assert.Equal(t, int64(2), p.counter(t, "otelcol_processor_reversedns_cache_hits"))
	p.clock.advance(2 * time.Second)
	_, _ = p.process(t, batch)
	assert.Equal(t, 1, srv.Queries(v4NX), "NXDOMAIN is kept for negative_ttl")
	assert.Equal(t, 2, srv.Queries(v4Fail), "a failure is kept only for failure_ttl")
	p.clock.advance(5 * time.Minute)
	_, _ = p.process(t, batch)
	assert.Equal(t, 2, srv.Queries(v4NX))
}

// TestNegativeTTLFromSOA: a negative answer is kept for the negative TTL
// of RFC 2308 section 5, min(SOA TTL, SOA MINIMUM), within min_ttl..max_ttl;
// without an SOA for negative_ttl.
func TestNegativeTTLFromSOA(t *testing.T) {
	tests := []struct {
		name string
		rec  dnstest.Record
		want time.Duration
	}{
		{"nxdomain minimum below soa ttl", dnstest.Record{Rcode: dns.RcodeNameError, SOA: &dnstest.SOA{TTL: 300, Minttl: 60}}, time.Minute},
		{"nxdomain soa ttl below minimum", dnstest.Record{Rcode: dns.RcodeNameError, SOA: &dnstest.SOA{TTL: 30, Minttl: 3600}}, 30 * time.Second},
		{"nodata", dnstest.Record{SOA: &dnstest.SOA{TTL: 300, Minttl: 60}}, time.Minute},
		{"nxdomain without soa", dnstest.Record{Rcode: dns.RcodeNameError}, 5 * time.Minute},
		{"nodata without soa", dnstest.Record{}, 5 * time.Minute},
		{"raised to min_ttl", dnstest.Record{Rcode: dns.RcodeNameError, SOA: &dnstest.SOA{TTL: 300, Minttl: 1}}, 10 * time.Second},
		{"cut to max_ttl", dnstest.Record{Rcode: dns.RcodeNameError, SOA: &dnstest.SOA{TTL: 86400, Minttl: 86400}}, time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := dnstest.Start(t)
			srv.Set(v4NX, tt.rec)
			cfg := testConfig(srv.Addr)
			cfg.BatchBudget = 5 * time.Second
			cfg.Cache.MinTTL = 10 * time.Second
			cfg.Cache.MaxTTL = time.Hour
			cfg.Cache.NegativeTTL = 5 * time.Minute
			p := startProcessor(t, cfg)

			batch := makeLogs(flow{src: v4NX.String()})
			_, _ = p.process(t, batch)
			p.settle(t)
			require.Equal(t, int64(1), p.counter(t, "otelcol_processor_reversedns_queries", "result", "not_found"))
			p.clock.advance(tt.want - time.Nanosecond)
			_, _ = p.process(t, batch)
			assert.Equal(t, 1, srv.Queries(v4NX), "negative answer expired before %v", tt.want)
			p.clock.advance(time.Nanosecond)
			_, _ = p.process(t, batch)
			p.settle(t)
			assert.Equal(t, 2, srv.Queries(v4NX), "negative answer kept beyond %v", tt.want)
		})
	}
}

func TestNetworks(t *testing.T) {
	srv := dnstest.Start(t)
	srv.SetFallback(func(string) dnstest.Record { return dnstest.Record{Name: "any.example", TTL: 60} })
	cfg := testConfig(srv.Addr)
	cfg.BatchBudget = 5 * time.Second
	cfg.FallbackToAddress = true
	cfg.IncludeNetworks = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8::/32")}
	cfg.ExcludeNetworks = append(cfg.ExcludeNetworks, netip.MustParsePrefix("::ffff:10.99.0.0/112"))
	p := startProcessor(t, cfg)

	ld, _ := p.process(t, makeLogs(
		flow{src: "10.1.2.3"}, flow{src: "10.99.0.1"}, flow{src: "192.0.2.1"},
		flow{src: "2001:db8::1"}, flow{src: "127.0.0.1"}, flow{src: "fe80::1%eth0"},
	))
	assert.Equal(t, []string{"any.example", "10.99.0.1", "192.0.2.1", "any.example", "127.0.0.1", "fe80::1%eth0"},
		domains(ld, "source.domain"))
	assert.Equal(t, int64(2), srv.Total())
}

func TestInvalidAddressesAreCounted(t *testing.T) {
	srv := namingServer(t)
	p := startProcessor(t, testConfig(srv.Addr))
	ld := makeLogs(flow{src: "not-an-address", dst: ""}, flow{src: "192.0.2.300"})
	ld.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0).Attributes().PutInt("destination.ip", 42)
	ld, _ = p.process(t, ld)
	assert.Equal(t, []string{"-", "-"}, domains(ld, "source.domain"))
	assert.Equal(t, int64(3), p.counter(t, "otelcol_processor_reversedns_lookups_skipped", "reason", "invalid_address"))
	assert.Zero(t, srv.Total())
}

// TestShutdownWithQueriesInFlight: Shutdown cancels lookups waiting on a
// server that never answers in time; goleak (TestMain) checks that none
// of their goroutines survive.
func TestShutdownWithQueriesInFlight(t *testing.T) {
	srv := namingServer(t)
	srv.SetDelay(time.Minute)
	cfg := testConfig(srv.Addr)
	cfg.QueryTimeout = 30 * time.Second
	cfg.BatchBudget = 0
	tel := componenttest.NewTelemetry()
	defer func() { require.NoError(t, tel.Shutdown(context.Background())) }()
	p, err := newReverseDNS(tel.NewTelemetrySettings(), cfg)
	require.NoError(t, err)
	require.NoError(t, p.Start(context.Background(), componenttest.NewNopHost()))
	_, err = p.ProcessLogs(context.Background(), makeLogs(flow{src: "192.0.2.10", dst: "2001:db8::53"}))
	require.NoError(t, err)
	require.Eventually(t, func() bool { return srv.Total() == 2 }, 5*time.Second, time.Millisecond)

	start := time.Now()
	require.NoError(t, p.Shutdown(context.Background()))
	assert.Less(t, time.Since(start), cfg.QueryTimeout/2, "Shutdown waited for the query time-out")
	_, err = p.ProcessLogs(context.Background(), makeLogs(flow{src: "192.0.2.10"}))
	require.NoError(t, err, "a batch after Shutdown goes on without names")
}

func TestShutdownWithoutStart(t *testing.T) {
	p, err := newReverseDNS(componenttest.NewNopTelemetrySettings(), createDefaultConfig().(*Config))
	require.NoError(t, err)
	require.NoError(t, p.Shutdown(context.Background()))
}

// TestFallbackOnBudgetAndLimit: with fallback_to_address, an address whose
// answer is late, or that found no free slot, is written as its own name.
func TestFallbackOnBudgetAndLimit(t *testing.T) {
	srv := namingServer(t)
	srv.SetDelay(200 * time.Millisecond)
	cfg := testConfig(srv.Addr)
	cfg.FallbackToAddress = true
	cfg.MaxInFlight = 1
	cfg.BatchBudget = 10 * time.Millisecond
	p := startProcessor(t, cfg)

	ld, _ := p.process(t, makeLogs(flow{src: "192.0.2.10", dst: "198.51.100.7"}))
	assert.Equal(t, []string{"192.0.2.10"}, domains(ld, "source.domain"), "late answer")
	assert.Equal(t, []string{"198.51.100.7"}, domains(ld, "destination.domain"), "no free slot")
	assert.Equal(t, int64(1), p.counter(t, "otelcol_processor_reversedns_budget_timeouts"))
	assert.Equal(t, int64(1), p.counter(t, "otelcol_processor_reversedns_lookups_skipped", "reason", "in_flight_limit"))
	p.settle(t)
	ld, _ = p.process(t, makeLogs(flow{src: "192.0.2.10", dst: "198.51.100.7"}))
	assert.Equal(t, []string{"host.example.com"}, domains(ld, "source.domain"))
	assert.Equal(t, []string{"other.example.net"}, domains(ld, "destination.domain"), "looked up from the backlog")
}
