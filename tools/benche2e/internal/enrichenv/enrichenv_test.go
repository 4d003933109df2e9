// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package enrichenv

import (
	"net/netip"
	"path/filepath"
	"testing"

	"github.com/miekg/dns"
	"github.com/oschwald/geoip2-golang/v2"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestCityDBPlacesPublicAddresses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "city.mmdb")
	require.NoError(t, WriteCityDB(path))
	db, err := geoip2.Open(path)
	require.NoError(t, err)
	defer db.Close()
	for _, a := range []string{"1.2.3.4", "185.10.20.30", "2a00:1450::1"} {
		rec, err := db.City(netip.MustParseAddr(a))
		require.NoError(t, err)
		require.True(t, rec.HasData(), a)
		require.NotZero(t, rec.Location.Latitude, a)
	}
	rec, err := db.City(netip.MustParseAddr("10.1.2.3"))
	require.NoError(t, err)
	require.False(t, rec.HasData(), "private space is not placed")
}

func TestPTRServerAnswers(t *testing.T) {
	s, err := StartPTRServer(Answer)
	require.NoError(t, err)
	defer s.Stop()
	q := new(dns.Msg)
	name, err := dns.ReverseAddr("185.10.20.30")
	require.NoError(t, err)
	q.SetQuestion(name, dns.TypePTR)
	resp, err := dns.Exchange(q, s.Addr())
	require.NoError(t, err)
	require.Len(t, resp.Answer, 1)
	require.Regexp(t, `^host-[0-9a-f]{8}\.bench\.example\.$`, resp.Answer[0].(*dns.PTR).Ptr)
	require.Equal(t, int64(1), s.Queries())
}

func TestPTRServerRefuses(t *testing.T) {
	s, err := StartPTRServer(Refuse)
	require.NoError(t, err)
	defer s.Stop()
	q := new(dns.Msg)
	q.SetQuestion("4.3.2.1.in-addr.arpa.", dns.TypePTR)
	resp, err := dns.Exchange(q, s.Addr())
	require.NoError(t, err)
	require.Equal(t, dns.RcodeRefused, resp.Rcode)
	require.Equal(t, int64(1), s.Queries())
}

func TestDnsmasqAnswersNXDOMAINWithSOA(t *testing.T) {
	bin := testutil.RequireTool(t, "dnsmasq", "/usr/sbin/dnsmasq") // Debian package dnsmasq-base
	d, err := StartDnsmasq(bin)
	require.NoError(t, err)
	defer d.Stop()
	for _, addr := range []string{"185.10.20.30", "2a00:1450::1"} {
		name, err := dns.ReverseAddr(addr)
		require.NoError(t, err)
		q := new(dns.Msg)
		q.SetQuestion(name, dns.TypePTR)
		resp, err := dns.Exchange(q, d.Addr())
		require.NoError(t, err)
		require.Equal(t, dns.RcodeNameError, resp.Rcode, addr)
		require.Len(t, resp.Ns, 1, addr)
		soa, ok := resp.Ns[0].(*dns.SOA)
		require.True(t, ok, addr)
		require.True(t, dns.IsSubDomain(soa.Hdr.Name, name), "SOA %s is not the zone of %s", soa.Hdr.Name, name)
	}
}
