// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geoipprocessor

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"time"

	geoip2 "github.com/oschwald/geoip2-golang/v2"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otelcol-flows/otelcol-flows/internal/geodbtest"
	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
	"github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor/internal/geodb"
)

const benchBatch = 1000

// syntheticCity builds a City database of 16384 /20 networks with 2048
// distinct records, deep enough for realistic tree walks, and returns the
// networks' base addresses.
func syntheticCity(b *testing.B, path string) []netip.Addr {
	b.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	var cities []geodbtest.City
	var bases []netip.Addr
	seen := map[netip.Prefix]bool{}
	for len(cities) < 16384 {
		a := netip.AddrFrom4([4]byte{byte(1 + rng.IntN(222)), byte(rng.IntN(256)), byte(rng.IntN(16) << 4), 0})
		p := netip.PrefixFrom(a, 20).Masked()
		if seen[p] || isSpecial(p.Addr()) || p.Addr().As4()[0] == 100 {
			continue
		}
		seen[p] = true
		c := geodbtest.Berlin
		c.Network = p.String()
		n := len(cities) % 2048
		c.City, c.Postal, c.Lat = fmt.Sprintf("City %d", n), fmt.Sprintf("%05d", n), float64(n%90)
		cities = append(cities, c)
		bases = append(bases, p.Addr())
	}
	data, err := geodbtest.BuildCity("GeoIP2-City", cities...)
	require.NoError(b, err)
	require.NoError(b, geodbtest.Replace(path, data))
	return bases
}

// addressPool picks n addresses inside the given networks (or anywhere in
// public IPv4 space when bases is empty).
func addressPool(rng *rand.Rand, bases []netip.Addr, n int) []string {
	pool := make([]string, 0, n)
	for len(pool) < n {
		var a netip.Addr
		if len(bases) > 0 {
			b4 := bases[rng.IntN(len(bases))].As4()
			b4[2] |= byte(rng.IntN(16))
			b4[3] = byte(rng.IntN(256))
			a = netip.AddrFrom4(b4)
		} else {
			a = netip.AddrFrom4([4]byte{byte(1 + rng.IntN(222)), byte(rng.IntN(256)), byte(rng.IntN(256)), byte(rng.IntN(256))})
		}
		if !isSpecial(a) {
			pool = append(pool, a.String())
		}
	}
	return pool
}

// drawAddresses gives every record of ld new addresses from pool, so that
// all of a large pool is seen, not only the addresses of the prepared batches.
func drawAddresses(rng *rand.Rand, ld plog.Logs, pool []string) {
	lrs := ld.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords()
	for i := 0; i < lrs.Len(); i++ {
		attrs := lrs.At(i).Attributes()
		attrs.PutStr("source.ip", pool[rng.IntN(len(pool))])
		attrs.PutStr("destination.ip", pool[rng.IntN(len(pool))])
	}
}

// distinctAddresses gives every record of ld addresses no earlier record
// had, host seq onwards across the networks of bases (each /20 holds 4096
// hosts), and returns the next seq.
func distinctAddresses(ld plog.Logs, bases []netip.Addr, seq int) int {
	next := func() string {
		base := bases[seq%len(bases)].As4()
		host := seq / len(bases) % 4096
		base[2] |= byte(host >> 8)
		base[3] = byte(host)
		seq++
		return netip.AddrFrom4(base).String()
	}
	lrs := ld.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords()
	for i := 0; i < lrs.Len(); i++ {
		attrs := lrs.At(i).Attributes()
		attrs.PutStr("source.ip", next())
		attrs.PutStr("destination.ip", next())
	}
	return seq
}

// flowBatch builds records shaped like the IPFIX receiver's: a dozen ECS
// attributes, public source and destination drawn from pool.
func flowBatch(rng *rand.Rand, pool []string) plog.Logs {
	ld := plog.NewLogs()
	lrs := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords()
	for i := 0; i < benchBatch; i++ {
		a := lrs.AppendEmpty().Attributes()
		a.PutStr("source.ip", pool[rng.IntN(len(pool))])
		a.PutInt("source.port", int64(rng.IntN(65536)))
		a.PutStr("destination.ip", pool[rng.IntN(len(pool))])
		a.PutInt("destination.port", 443)
		a.PutInt("network.iana_number", 6)
		a.PutStr("network.transport", "tcp")
		a.PutInt("network.bytes", 1500)
		a.PutInt("network.packets", 3)
		a.PutStr("network.direction", "outbound")
		a.PutInt("observer.ingress.interface.id", 2)
		a.PutInt("observer.egress.interface.id", 3)
		a.PutStr("event.action", "flow")
	}
	return ld
}

type benchCase struct {
	// churn gives every timed record a source and a destination no other
	// record has (issue 24: a scan), inside the synthetic networks.
	churn     bool
	city      string // path; "" builds the synthetic database
	poolSize  int    // distinct addresses, uniform over public IPv4 for a real database
	cacheSize int
	asn       bool
	fields    []Field // nil: the default, all of them
}

func runProcessBench(b *testing.B, bc benchCase) {
	cfg := createDefaultConfig().(*Config)
	cfg.ReloadInterval = 0
	cfg.CacheSize = bc.cacheSize
	if bc.fields != nil {
		cfg.Fields = bc.fields
	}
	var bases []netip.Addr
	city := bc.city
	if city == "" {
		city = filepath.Join(b.TempDir(), "city.mmdb")
		bases = syntheticCity(b, city)
	}
	cfg.Databases.City = DatabaseFiles{city}
	if bc.asn {
		asn := filepath.Join(b.TempDir(), "asn.mmdb")
		cfg.Databases.ASN = DatabaseFiles{asn}
		geodbtest.WriteASN(b, asn, geodbtest.ASN{Network: "0.0.0.0/1", Number: 64500, Org: "Example"},
			geodbtest.ASN{Network: "128.0.0.0/2", Number: 64501, Org: "Example 2"})
	}
	rng := rand.New(rand.NewPCG(3, 4))
	pool := addressPool(rng, bases, bc.poolSize)
	h := startProcessor(b, cfg)
	batches := make([]plog.Logs, 8)
	for i := range batches {
		batches[i] = flowBatch(rng, pool)
	}
	ctx := context.Background()
	work := plog.NewLogs()
	// Steady state: a collector runs for days, so the cache is warmed with
	// as many records as the pool has addresses before timing; the counters
	// below include the warm-up.
	for i := 0; i < max(len(batches), 2*len(pool)/benchBatch); i++ {
		batches[i%len(batches)].CopyTo(work)
		drawAddresses(rng, work, pool)
		require.NoError(b, h.proc.ConsumeLogs(ctx, work))
	}
	var cpu time.Duration
	var seq int
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		batches[i%len(batches)].CopyTo(work)
		if bc.churn {
			seq = distinctAddresses(work, bases, seq)
		} else {
			drawAddresses(rng, work, pool)
		}
		h.sink.Reset()
		b.StartTimer()
		before := testutil.CPUTime()
		if err := h.proc.ConsumeLogs(ctx, work); err != nil {
			b.Fatal(err)
		}
		cpu += testutil.CPUTime() - before
	}
	b.StopTimer()
	records := float64(b.N * benchBatch)
	b.ReportMetric(records/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(float64(cpu.Nanoseconds())/records, "cpu-ns/record")
	if cpu > 0 {
		b.ReportMetric(records/cpu.Seconds(), "records/cpu-s")
	}
	lookups := h.counter(b, "lookups", "city")
	if h.counter(b, "hits", "city") == 0 {
		b.Fatal("no lookup hit: the benchmark measured nothing")
	}
	b.ReportMetric(100*float64(h.counter(b, "cache_hits", "city"))/float64(lookups), "cache-hit-%")
	b.ReportMetric(100*float64(h.counter(b, "hits", "city"))/float64(lookups), "found-%")
}

// BenchmarkProcessLogs: two lookups per record (source and destination),
// batches of 1000 records. GEOIP_BENCH_CITY names a real City database
// (scripts/geoip-quickstart.sh fetches GeoLite2-City); without it the
// real-database cases are skipped.
func BenchmarkProcessLogs(b *testing.B) {
	real := os.Getenv("GEOIP_BENCH_CITY")
	for _, tc := range []struct {
		name string
		bc   benchCase
	}{
		{"synthetic/pool=10k/cache=64k", benchCase{poolSize: 10000, cacheSize: 65536}},
		{"synthetic/pool=10k/cache=off", benchCase{poolSize: 10000}},
		{"synthetic/pool=10k/cache=64k/with-asn", benchCase{poolSize: 10000, cacheSize: 65536, asn: true}},
		{"synthetic/distinct-addresses/cache=64k", benchCase{churn: true, poolSize: 1000, cacheSize: 65536}},
		{"geolite2/pool=10k/cache=64k", benchCase{city: real, poolSize: 10000, cacheSize: 65536}},
		{"geolite2/pool=10k/cache=off", benchCase{city: real, poolSize: 10000}},
		{"geolite2/pool=100k/cache=64k", benchCase{city: real, poolSize: 100000, cacheSize: 65536}},
		{"geolite2/pool=10k/cache=64k/4-fields", benchCase{city: real, poolSize: 10000, cacheSize: 65536,
			fields: []Field{"geo.location", "geo.country_iso_code", "geo.city_name", "geo.region_name"}}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			if tc.name[:8] == "geolite2" && real == "" {
				b.Skip("set GEOIP_BENCH_CITY to a GeoLite2-City.mmdb")
			}
			runProcessBench(b, tc.bc)
		})
	}
}

// BenchmarkAttributeWritesOnly writes the 24 default fields of two pairs
// from a fixed record, with no parsing and no lookup: the pdata floor the
// processor cannot go below (every value is one allocation in pdata).
func BenchmarkAttributeWritesOnly(b *testing.B) {
	plans := planPairs(createDefaultConfig().(*Config))
	rec := &geodb.Record{Latitude: 52.52, Longitude: 13.405, HasLocation: true, CountryISOCode: "DE",
		CountryName: "Germany", CityName: "Berlin", RegionName: "Land Berlin", RegionISOCode: "DE-BE",
		ContinentCode: "EU", ContinentName: "Europe", PostalCode: "10115", TimeZone: "Europe/Berlin",
		ASNumber: 20712, ASOrganization: "Andrews & Arnold Ltd"}
	batch := flowBatch(rand.New(rand.NewPCG(5, 6)), []string{"81.2.69.160"})
	work := plog.NewLogs()
	var cpu time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		batch.CopyTo(work)
		b.StartTimer()
		before := testutil.CPUTime()
		lrs := work.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords()
		for k := 0; k < lrs.Len(); k++ {
			attrs := lrs.At(k).Attributes()
			attrs.EnsureCapacity(attrs.Len() + 24)
			for p := range plans {
				putFields(attrs, plans[p].geo, rec)
				putFields(attrs, plans[p].as, rec)
			}
		}
		cpu += testutil.CPUTime() - before
	}
	b.StopTimer()
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N*benchBatch), "cpu-ns/record")
}

// BenchmarkLookupsOnly is the processor's own share of a record: parse two
// addresses, classify them and look both up in the GeoLite2-City database
// (GEOIP_BENCH_CITY) through the cache, without writing attributes. The
// "reference" case is the library's own call for the same work, two
// geoip2.Reader.City per record, which decodes every record in full.
func BenchmarkLookupsOnly(b *testing.B) {
	path := os.Getenv("GEOIP_BENCH_CITY")
	if path == "" {
		b.Skip("set GEOIP_BENCH_CITY to a GeoLite2-City.mmdb")
	}
	strs := addressPool(rand.New(rand.NewPCG(3, 4)), nil, 10000)
	values := make([]pcommon.Value, len(strs))
	for i, s := range strs {
		values[i] = pcommon.NewValueStr(s)
	}
	for _, cacheSize := range []int{65536, 0} {
		b.Run(fmt.Sprintf("pool=10k/cache=%d", cacheSize), func(b *testing.B) {
			src, err := geodb.NewSource([]string{path}, geodb.Options{Kind: geodb.KindCity, Locale: "en", CacheSize: cacheSize})
			require.NoError(b, err)
			defer src.Close()
			h := src.Acquire()
			defer h.Release()
			bt := &batch{}
			lookupBoth := func(i int) (found int) {
				for _, v := range [2]pcommon.Value{values[i%len(values)], values[(i*7919)%len(values)]} {
					if ip, ok := bt.address(v); ok && lookup(h, ip, &bt.stats.city) != nil {
						found++
					}
				}
				return found
			}
			for i := range values { // warm-up: steady state, as in BenchmarkProcessLogs
				lookupBoth(i)
			}
			benchCPU(b, lookupBoth)
		})
	}
	b.Run("pool=10k/reference-geoip2-City", func(b *testing.B) {
		db, err := geoip2.Open(path)
		require.NoError(b, err)
		defer db.Close()
		addrs := make([]netip.Addr, len(strs))
		for i, s := range strs {
			addrs[i] = netip.MustParseAddr(s)
		}
		benchCPU(b, func(i int) (found int) {
			for _, a := range [2]netip.Addr{addrs[i%len(addrs)], addrs[(i*7919)%len(addrs)]} {
				if c, err := db.City(a); err == nil && c.HasData() {
					found++
				}
			}
			return found
		})
	})
}

// benchCPU runs record(i) b.N times and reports CPU time per record.
func benchCPU(b *testing.B, record func(i int) (found int)) {
	found := 0
	b.ReportAllocs()
	b.ResetTimer()
	before := testutil.CPUTime()
	for i := 0; i < b.N; i++ {
		found += record(i)
	}
	b.ReportMetric(float64((testutil.CPUTime()-before).Nanoseconds())/float64(b.N), "cpu-ns/record")
	if found == 0 {
		b.Fatal("nothing found: the benchmark measured nothing")
	}
}
