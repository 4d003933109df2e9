// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package reversednsprocessor

import (
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor/internal/dnstest"
)

// emptyZoneServer is the authoritative server of 198.in-addr.arpa with no
// names in it, answering as RFC 8020 expects: NOERROR for the apex,
// NXDOMAIN with the zone's SOA for every name below it.
func emptyZoneServer(t *testing.T) *dnstest.Server {
	const zone = "198.in-addr.arpa."
	srv := dnstest.Start(t)
	srv.SetFallback(func(q string) dnstest.Record {
		soa := &dnstest.SOA{Zone: zone, TTL: 600, Minttl: 300}
		if q == zone {
			return dnstest.Record{SOA: soa} // NOERROR without data
		}
		return dnstest.Record{Rcode: dns.RcodeNameError, SOA: soa}
	})
	return srv
}

// TestNegativePrefix: an NXDOMAIN with the SOA of 198.in-addr.arpa leads
// to asking for 18.198.in-addr.arpa; its NXDOMAIN makes all of
// 198.18.0.0/16 "no PTR" without queries, for its negative TTL.
func TestNegativePrefix(t *testing.T) {
	srv := emptyZoneServer(t)
	cfg := testConfig(srv.Addr)
	p := startProcessor(t, cfg)

	_, _ = p.process(t, makeLogs(flow{src: "198.18.1.1"}))
	p.settle(t)
	// The lookup, the apex and the probe.
	require.Equal(t, int64(3), srv.Total())

	flows := make([]flow, 50)
	for i := range flows {
		flows[i] = flow{src: fmt.Sprintf("198.18.%d.%d", 2+i/10, i), dst: fmt.Sprintf("::ffff:198.18.200.%d", i)}
	}
	ld, _ := p.process(t, makeLogs(flows...))
	p.settle(t)
	assert.Equal(t, int64(3), srv.Total(), "an address of the empty prefix was asked about")
	assert.Equal(t, int64(100), p.counter(t, "otelcol_processor_reversedns_negative_prefix_hits"))
	assert.Equal(t, int64(1), p.gauge(t, "otelcol_processor_reversedns_negative_prefixes"))
	assert.Equal(t, "-", domains(ld, "source.domain")[0])

	// Another /16 of the zone is asked about; the first expires after
	// the zone's negative TTL (min of SOA TTL and MINIMUM).
	_, _ = p.process(t, makeLogs(flow{src: "198.19.0.1"}))
	p.settle(t)
	assert.Equal(t, int64(6), srv.Total())
	p.clock.advance(300 * time.Second)
	_, _ = p.process(t, makeLogs(flow{src: "198.18.77.1"}))
	p.settle(t)
	assert.Equal(t, int64(1), int64(srv.Queries(netip.MustParseAddr("198.18.77.1"))), "the prefix outlived its TTL")
}

// TestNegativePrefixesOff: without cache.negative_prefixes every address
// is asked about.
func TestNegativePrefixesOff(t *testing.T) {
	srv := emptyZoneServer(t)
	cfg := testConfig(srv.Addr)
	cfg.Cache.NegativePrefixes = false
	p := startProcessor(t, cfg)
	_, _ = p.process(t, makeLogs(flow{src: "198.18.1.1", dst: "198.18.1.2"}))
	p.settle(t)
	assert.Equal(t, int64(2), srv.Total())
	assert.Zero(t, p.counter(t, "otelcol_processor_reversedns_negative_prefix_hits"))
}

// TestNegativePrefixNotTakenFromDnsmasq: dnsmasq 2.90, authoritative for
// 198.18.0.0/16, answers NXDOMAIN for 1.18.198.in-addr.arpa although
// 10.1.18.198.in-addr.arpa has a PTR (an empty non-terminal), and for the
// zone's own apex. Its NXDOMAIN must not stand for a prefix, or the named
// host would lose its name.
func TestNegativePrefixNotTakenFromDnsmasq(t *testing.T) {
	hosts := dnsmasqHosts + "198.18.1.10 named.example.test\n"
	addr := startDnsmasq(t, hosts, []string{
		"--auth-server=ns.example.test,127.0.0.1", "--auth-zone=example.test,192.0.2.0/24,198.18.0.0/16",
		"--auth-ttl=120",
	})
	cfg := testConfig(addr)
	cfg.BatchBudget = 5 * time.Second
	p := startProcessor(t, cfg)

	_, _ = p.process(t, makeLogs(flow{src: "198.18.1.11"}))
	p.settle(t)
	require.Equal(t, int64(1), p.counter(t, "otelcol_processor_reversedns_queries", "result", "not_found"))
	ld, _ := p.process(t, makeLogs(flow{src: "198.18.1.10"}))
	assert.Equal(t, []string{"named.example.test"}, domains(ld, "source.domain"))
	assert.Zero(t, p.counter(t, "otelcol_processor_reversedns_negative_prefix_hits"))
}
