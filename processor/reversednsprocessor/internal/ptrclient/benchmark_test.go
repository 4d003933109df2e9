// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ptrclient

import (
	"context"
	"errors"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
	"github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor/internal/dnstest"
)

// BenchmarkLookupPTR measures what one lookup costs the collector when the
// server answers at once (NXDOMAIN with the zone's SOA, or REFUSED), as
// during address churn: the Client's socket pool against its peer, a fresh
// socket per query (what the Client did before, and what miekg/dns's
// Exchange does). cpu-µs/lookup is the whole process, test server
// included, so compare the two in one run, not with other benchmarks.
func BenchmarkLookupPTR(b *testing.B) {
	for _, tc := range []struct {
		name string
		rec  dnstest.Record
	}{
		{"nxdomain", dnstest.Record{Rcode: dns.RcodeNameError, SOA: &dnstest.SOA{TTL: 300, Minttl: 300}}},
		{"refused", dnstest.Record{Rcode: dns.RcodeRefused}},
	} {
		srv := dnstest.Start(b)
		srv.SetFallback(func(string) dnstest.Record { return tc.rec })
		c, err := New(Settings{Servers: []string{srv.Addr}, QueryTimeout: time.Second, Attempts: 1})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(tc.name+"/pool", func(b *testing.B) {
			benchLookups(b, func(ctx context.Context, qname string) error {
				_, err := c.ask(ctx, question(qname), srv.Addr)
				return err
			})
		})
		c.Close()
		fresh := &dns.Client{Net: "udp", Timeout: time.Second}
		b.Run(tc.name+"/socket-per-query", func(b *testing.B) {
			benchLookups(b, func(ctx context.Context, qname string) error {
				resp, _, err := fresh.ExchangeContext(ctx, question(qname), srv.Addr)
				if err == nil {
					_, err = parseResponse(resp, qname)
				}
				return err
			})
		})
	}
}

func question(qname string) *dns.Msg {
	q := new(dns.Msg)
	q.SetQuestion(qname, dns.TypePTR)
	return q
}

// benchLookups runs lookup for a new address each time, 16 at once per
// core as lookups run up to max_in_flight, and reports CPU per lookup.
func benchLookups(b *testing.B, lookup func(ctx context.Context, qname string) error) {
	b.SetParallelism(16)
	cpu := testutil.CPUTime()
	var seq atomic.Uint32
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := seq.Add(1)
			qname, _ := dns.ReverseAddr(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}).String())
			if err := lookup(context.Background(), qname); err != nil && !errors.Is(err, ErrNotFound) && !strings.Contains(err.Error(), "REFUSED") {
				b.Errorf("lookup: %v", err)
				return
			}
		}
	})
	if used := testutil.CPUTime() - cpu; used > 0 {
		b.ReportMetric(float64(used.Microseconds())/float64(b.N), "cpu-µs/lookup")
	}
}
