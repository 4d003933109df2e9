package enrichenv

import (
	"net/netip"
	"path/filepath"
	"testing"

	"github.com/miekg/dns"
	"github.com/oschwald/geoip2-golang/v2"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
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
	s, err := StartPTRServer()
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
