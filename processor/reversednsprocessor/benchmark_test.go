// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package reversednsprocessor

import (
	"context"
	"fmt"
	"net/netip"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/miekg/dns"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
	"github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor/internal/dnstest"
	"github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor/internal/namecache"
)

// benchAddrs returns n distinct addresses as attribute strings, three in
// four IPv4 and one in four IPv6, like a dual-stack edge.
func benchAddrs(n int) []string {
	out := make([]string, n)
	for i := range out {
		if i%4 == 3 {
			out[i] = netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 14: byte(i >> 8), 15: byte(i)}).String()
			continue
		}
		out[i] = netip.AddrFrom4([4]byte{198, 18 + byte(i>>16), byte(i >> 8), byte(i)}).String()
	}
	return out
}

// benchBatch builds records whose source and destination walk addrs from
// offset, with a stride so that pairs vary.
func benchBatch(addrs []string, records, offset int) plog.Logs {
	ld := plog.NewLogs()
	lrs := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords()
	lrs.EnsureCapacity(records)
	for i := range records {
		attrs := lrs.AppendEmpty().Attributes()
		attrs.EnsureCapacity(8)
		attrs.PutStr("source.ip", addrs[(offset+i)%len(addrs)])
		attrs.PutStr("destination.ip", addrs[(offset+i*7+1)%len(addrs)])
		attrs.PutInt("source.port", 443)
		attrs.PutInt("destination.port", 50000)
	}
	return ld
}

// startBenchProcessor starts a processor on cfg without telemetry; it is
// shut down when the benchmark ends.
func startBenchProcessor(tb testing.TB, cfg *Config) *reverseDNS {
	tb.Helper()
	p, err := newReverseDNS(componenttest.NewNopTelemetrySettings(), cfg)
	if err != nil {
		tb.Fatal(err)
	}
	if err := p.Start(context.Background(), componenttest.NewNopHost()); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = p.Shutdown(context.Background()) })
	return p
}

// warmBatch is a processor whose cache holds every one of addresses and a
// batch of records of them it has processed once: the domain attributes
// exist, so what follows measures the processor, not slice growth.
func warmBatch(tb testing.TB, addresses, records int) (*reverseDNS, plog.Logs) {
	addrs := benchAddrs(addresses)
	cfg := createDefaultConfig().(*Config)
	cfg.Nameservers = []string{"127.0.0.1:9"} // never asked: every address is cached
	p := startBenchProcessor(tb, cfg)
	for i, s := range addrs {
		p.cache.Put(netip.MustParseAddr(s), fmt.Sprintf("host-%d.example.net", i), namecache.Found, 1<<62)
	}
	ld := benchBatch(addrs, records, 0)
	_, _ = p.ProcessLogs(context.Background(), ld)
	return p, ld
}

// BenchmarkWarmCache is the steady state: every address is in the cache.
// Run with -cpu=1 for the one-core figure.
func BenchmarkWarmCache(b *testing.B) {
	const records = 1024
	p, ld := warmBatch(b, 10_000, records)
	ctx := context.Background()
	b.ReportAllocs()
	start, cpu := time.Now(), testutil.CPUTime()
	n := 0
	for b.Loop() {
		_, _ = p.ProcessLogs(ctx, ld)
		n += records
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "records/s")
	if used := testutil.CPUTime() - cpu; used > 0 {
		b.ReportMetric(float64(n)/used.Seconds(), "records/cpu-s")
	}
}

// TestWarmCacheDoesNotAllocate guards the hot path: a batch of cache hits
// allocates nothing in the processor. The one allocation per name written
// is pdata's: Value.SetStr boxes the string in a new protobuf oneof
// wrapper (pooled only behind the alpha gate pdata.useProtoPooling).
func TestWarmCacheDoesNotAllocate(t *testing.T) {
	const records = 100
	p, ld := warmBatch(t, 1000, records)
	ctx := context.Background()
	allocs := testing.AllocsPerRun(100, func() { _, _ = p.ProcessLogs(ctx, ld) })
	if written := float64(2 * records); allocs != written {
		t.Fatalf("a batch of %d cache hits allocates %v times, want %v (one per name, in pdata)", records, allocs, written)
	}
}

// coldRun is the cold-cache pipeline scenario.
type coldRun struct {
	addresses int
	delay     time.Duration
	batch     int
	workers   int
	budget    time.Duration
	duration  time.Duration
}

// BenchmarkColdPipeline feeds batches of distinct cold addresses against a
// server answering in 50 ms, and logs throughput and the share of
// addresses named, per interval. Run with -benchtime=1x.
func BenchmarkColdPipeline(b *testing.B) {
	for _, r := range []coldRun{
		{addresses: 10_000, delay: 50 * time.Millisecond, batch: 1024, workers: 1, budget: 20 * time.Millisecond, duration: 3 * time.Second},
		{addresses: 10_000, delay: 50 * time.Millisecond, batch: 1024, workers: 1, budget: 5 * time.Millisecond, duration: 3 * time.Second},
		{addresses: 10_000, delay: 50 * time.Millisecond, batch: 1024, workers: 4, budget: 20 * time.Millisecond, duration: 3 * time.Second},
		// 4096 records is the ipfix receiver's default batch.
		{addresses: 10_000, delay: 50 * time.Millisecond, batch: 4096, workers: 1, budget: 20 * time.Millisecond, duration: 3 * time.Second},
		{addresses: 10_000, delay: 50 * time.Millisecond, batch: 8192, workers: 1, budget: 20 * time.Millisecond, duration: 3 * time.Second},
	} {
		b.Run(fmt.Sprintf("batch=%d/workers=%d/budget=%v", r.batch, r.workers, r.budget), func(b *testing.B) {
			for b.Loop() {
				runCold(b, r)
			}
		})
	}
}

// coldCounts are shared by the workers and read by the reporter.
type coldCounts struct {
	records, addrs, named atomic.Int64
	// inProcessor is the time spent inside ProcessLogs, summed over
	// workers: records / (inProcessor / workers) is what the processor
	// passes, without the cost of building the batches.
	inProcessor atomic.Int64
}

func runCold(b *testing.B, r coldRun) {
	srv := dnstest.StartNaming(b, "h.", 3600, r.delay)
	cfg := testConfig(srv.Addr)
	cfg.BatchBudget = r.budget
	// A cold cache of 10,000 addresses that all have names: how fast it
	// fills is what is measured, not the churn bound (BenchmarkChurn).
	cfg.RateLimit = RateLimitConfig{QueriesPerSecond: 1e6, Burst: 1e6}
	p := startBenchProcessor(b, cfg)

	addrs := benchAddrs(r.addresses)
	var counts coldCounts
	stop := make(chan struct{})
	var wg sync.WaitGroup
	start, cpu := time.Now(), testutil.CPUTime()
	for w := range r.workers {
		wg.Go(func() { coldWorker(p, addrs, r, w, &counts, stop) })
	}
	report := coldReporter(b, &counts, start, r)
	close(stop)
	wg.Wait()
	elapsed := time.Since(start)
	b.ReportMetric(float64(counts.records.Load())/elapsed.Seconds(), "records/s")
	perWorker := time.Duration(counts.inProcessor.Load() / int64(r.workers))
	b.ReportMetric(float64(counts.records.Load())/perWorker.Seconds(), "processor-records/s")
	if used := testutil.CPUTime() - cpu; used > 0 {
		// Includes building the batches and the test DNS server.
		b.ReportMetric(float64(counts.records.Load())/used.Seconds(), "records/cpu-s")
	}
	b.ReportMetric(report, "fill@end")
	b.Logf("%s: %d queries at the server", b.Name(), srv.Total())
}

func coldWorker(p *reverseDNS, addrs []string, r coldRun, w int, c *coldCounts, stop <-chan struct{}) {
	offset := w * 7919
	for {
		select {
		case <-stop:
			return
		default:
		}
		ld := benchBatch(addrs, r.batch, offset)
		offset += r.batch
		began := time.Now()
		_, _ = p.ProcessLogs(context.Background(), ld)
		c.inProcessor.Add(int64(time.Since(began)))
		named := 0
		lrs := ld.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords()
		for i := range lrs.Len() {
			a := lrs.At(i).Attributes()
			if _, ok := a.Get("source.domain"); ok {
				named++
			}
			if _, ok := a.Get("destination.domain"); ok {
				named++
			}
		}
		c.records.Add(int64(r.batch))
		c.addrs.Add(int64(2 * r.batch))
		c.named.Add(int64(named))
	}
}

// coldReporter logs records/s and the named share per 250 ms until d has
// passed, and returns the named share of the last interval.
func coldReporter(b *testing.B, c *coldCounts, start time.Time, r coldRun) float64 {
	workers, d := r.workers, r.duration
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	var lastRec, lastAddrs, lastNamed, lastIn int64
	last := start
	fill := 0.0
	for range tick.C {
		now := time.Now() // not the tick's time: ticks are dropped and late when the machine is busy
		rec, addrs, named, in := c.records.Load(), c.addrs.Load(), c.named.Load(), c.inProcessor.Load()
		if addrs > lastAddrs {
			fill = float64(named-lastNamed) / float64(addrs-lastAddrs)
		}
		b.Logf("t=%5.2fs  %8.0f records/s  %8.0f records/s in processor (all workers)  named %5.1f%%",
			now.Sub(start).Seconds(), float64(rec-lastRec)/now.Sub(last).Seconds(),
			float64(rec-lastRec)*float64(workers)/time.Duration(in-lastIn).Seconds(), 100*fill)
		lastRec, lastAddrs, lastNamed, lastIn, last = rec, addrs, named, in, now
		if now.Sub(start) >= d {
			break
		}
	}
	return fill
}

// BenchmarkChurn is issue 24's load on the processor alone: batches of
// 1024 records whose every source and destination address is new, against
// a server that refuses at once, one that never answers, and one that
// answers NXDOMAIN with the zone's SOA. "default" is the shipped config;
// "unbounded" lifts the rate limit and load shedding out of the way, as
// the processor was before them. cpu-µs/record includes the test server,
// which answers every query the processor sends.
func BenchmarkChurn(b *testing.B) {
	servers := []struct {
		name  string
		setup func(*dnstest.Server)
	}{
		{"refusing", func(s *dnstest.Server) {
			s.SetFallback(func(string) dnstest.Record { return dnstest.Record{Rcode: dns.RcodeRefused} })
		}},
		{"silent", func(s *dnstest.Server) { s.SetDelay(time.Hour) }},
		{"nxdomain-soa", func(s *dnstest.Server) {
			s.SetFallback(func(string) dnstest.Record {
				return dnstest.Record{Rcode: dns.RcodeNameError, SOA: &dnstest.SOA{TTL: 300, Minttl: 300}}
			})
		}},
	}
	for _, srv := range servers {
		for _, limits := range []string{"default", "unbounded"} {
			b.Run(srv.name+"/"+limits, func(b *testing.B) {
				s := dnstest.Start(b)
				srv.setup(s)
				cfg := createDefaultConfig().(*Config)
				cfg.Nameservers = []string{s.Addr}
				if limits == "unbounded" {
					cfg.RateLimit = RateLimitConfig{QueriesPerSecond: 1e9, Burst: 1 << 30}
					cfg.ShedFor = time.Nanosecond
				}
				runChurn(b, cfg, s)
			})
		}
	}
}

func runChurn(b *testing.B, cfg *Config, s *dnstest.Server) {
	p := startBenchProcessor(b, cfg)
	const records = 1024
	var cpu time.Duration
	seq := uint32(0)
	for b.Loop() {
		b.StopTimer()
		ld := plog.NewLogs()
		lrs := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords()
		for range records {
			attrs := lrs.AppendEmpty().Attributes()
			attrs.PutStr("source.ip", testutil.DistinctAddress(seq).String())
			attrs.PutStr("destination.ip", testutil.DistinctAddress(seq+1).String())
			seq += 2
		}
		b.StartTimer()
		before := testutil.CPUTime()
		if _, err := p.ProcessLogs(context.Background(), ld); err != nil {
			b.Fatal(err)
		}
		cpu += testutil.CPUTime() - before
	}
	n := float64(b.N * records)
	b.ReportMetric(float64(cpu.Microseconds())/n, "cpu-µs/record")
	b.ReportMetric(n/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(float64(s.Total())/b.Elapsed().Seconds(), "server-queries/s")
}
