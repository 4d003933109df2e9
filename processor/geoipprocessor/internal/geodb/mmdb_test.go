// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geodb

import (
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"testing"

	"github.com/maxmind/mmdbwriter/mmdbtype"
	geoip2 "github.com/oschwald/geoip2-golang/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/otelcol-flows/otelcol-flows/internal/geodbtest"
)

func openTest(t *testing.T, path string, opts Options) Provider {
	t.Helper()
	p, err := Open(path, opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = p.Close() })
	return p
}

func TestCityLookupIPv4AndIPv6(t *testing.T) {
	path := filepath.Join(t.TempDir(), "city.mmdb")
	geodbtest.WriteCity(t, path, geodbtest.Berlin, geodbtest.Munich, geodbtest.CountryOnly)
	p := openTest(t, path, Options{Kind: KindCity, CacheSize: 16})

	rec, cached, err := p.Lookup(netip.MustParseAddr("81.2.69.160"))
	require.NoError(t, err)
	assert.False(t, cached)
	assert.Equal(t, &Record{Latitude: 52.52, Longitude: 13.405, HasLocation: true, CountryISOCode: "DE",
		CountryName: "Germany", CityName: "Berlin", RegionName: "Land Berlin", RegionISOCode: "DE-BE",
		ContinentCode: "EU", ContinentName: "Europe", PostalCode: "10115", TimeZone: "Europe/Berlin"}, rec)

	// Another address of the same network walks the tree to the same
	// record offset, and is not decoded again.
	again, cached, err := p.Lookup(netip.MustParseAddr("81.2.69.1"))
	require.NoError(t, err)
	assert.False(t, cached)
	assert.Same(t, rec, again)
	again, cached, err = p.Lookup(netip.MustParseAddr("81.2.69.1"))
	require.NoError(t, err)
	assert.True(t, cached)
	assert.Same(t, rec, again)

	rec, _, err = p.Lookup(netip.MustParseAddr("2a02:8100:1::1"))
	require.NoError(t, err)
	assert.Equal(t, "Munich", rec.CityName)
	assert.Equal(t, "DE-BY", rec.RegionISOCode)

	rec, _, err = p.Lookup(netip.MustParseAddr("89.160.20.112"))
	require.NoError(t, err)
	assert.Equal(t, &Record{CountryISOCode: "SE", CountryName: "Sweden", ContinentCode: "EU",
		ContinentName: "Europe", TimeZone: "Europe/Stockholm"}, rec)

	_, _, err = p.Lookup(netip.MustParseAddr("8.8.8.8"))
	assert.ErrorIs(t, err, ErrNotFound)
	_, _, err = p.Lookup(netip.MustParseAddr("2001:4860::8888"))
	assert.ErrorIs(t, err, ErrNotFound)
}

func TestCityLocaleFallsBackToEnglish(t *testing.T) {
	path := filepath.Join(t.TempDir(), "city.mmdb")
	geodbtest.WriteCity(t, path, geodbtest.Munich)
	p := openTest(t, path, Options{Kind: KindCity, Locale: "de"})
	rec, _, err := p.Lookup(netip.MustParseAddr("2a02:8100::1"))
	require.NoError(t, err)
	assert.Equal(t, "München", rec.CityName)
	assert.Equal(t, "Deutschland", rec.CountryName)
	assert.Equal(t, "Europe", rec.ContinentName, "no German continent name in the file")
}

// TestLocalesAreGeoip2Names pins what the struct tags of geoip2.Names give:
// the languages the README lists, each picking its own field.
func TestLocalesAreGeoip2Names(t *testing.T) {
	assert.Equal(t, []string{"de", "en", "es", "fr", "ja", "pt-BR", "ru", "zh-CN"}, Locales)
	n := geoip2.Names{German: "de", English: "en", Spanish: "es", French: "fr", Japanese: "ja",
		BrazilianPortuguese: "pt-BR", Russian: "ru", SimplifiedChinese: "zh-CN"}
	for _, locale := range Locales {
		pick, err := newNamePicker(locale)
		require.NoError(t, err)
		assert.Equal(t, locale, pick(&n))
	}
}

func TestASNLookup(t *testing.T) {
	path := filepath.Join(t.TempDir(), "asn.mmdb")
	geodbtest.WriteASN(t, path, geodbtest.ASNBerlin, geodbtest.ASNMunich)
	p := openTest(t, path, Options{Kind: KindASN})
	rec, cached, err := p.Lookup(netip.MustParseAddr("81.2.1.1"))
	require.NoError(t, err)
	assert.False(t, cached, "cache disabled")
	assert.Equal(t, &Record{ASNumber: 20712, ASOrganization: "Andrews & Arnold Ltd"}, rec)
	rec, _, err = p.Lookup(netip.MustParseAddr("2a02:8100::1"))
	require.NoError(t, err)
	assert.Equal(t, uint32(3209), rec.ASNumber)
}

func TestOpenErrorsNameTheFile(t *testing.T) {
	dir := t.TempDir()
	asn := filepath.Join(dir, "GeoLite2-ASN.mmdb")
	geodbtest.WriteASN(t, asn, geodbtest.ASNBerlin)
	garbage := filepath.Join(dir, "garbage.mmdb")
	require.NoError(t, os.WriteFile(garbage, []byte("not a database"), 0o600))
	missing := filepath.Join(dir, "missing.mmdb")

	for _, tc := range []struct {
		name, path string
		wantIs     error
	}{
		{"missing", missing, os.ErrNotExist},
		{"garbage", garbage, nil},
		{"asn as city", asn, ErrWrongDatabase},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Open(tc.path, Options{Kind: KindCity})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.path)
			if tc.wantIs != nil {
				assert.ErrorIs(t, err, tc.wantIs)
			}
		})
	}
	_, err := Open(asn, Options{Kind: KindASN, Locale: "xx"})
	assert.ErrorContains(t, err, "unsupported locale")
}

func TestDBIPAndCountryTypesAccepted(t *testing.T) {
	for _, dbType := range []string{"DBIP-City-Lite", "GeoLite2-Country", "GeoIP2-City-Europe"} {
		data, err := geodbtest.BuildCity(dbType, geodbtest.Berlin)
		require.NoError(t, err)
		path := filepath.Join(t.TempDir(), "db.mmdb")
		require.NoError(t, geodbtest.Replace(path, data))
		p := openTest(t, path, Options{Kind: KindCity})
		rec, _, err := p.Lookup(netip.MustParseAddr("81.2.69.160"))
		require.NoError(t, err, dbType)
		assert.Equal(t, "Berlin", rec.CityName)
	}
	assert.True(t, KindASN.accepts("DBIP-ASN-Lite (compat=GeoLite2-ASN)", SchemaAuto, false))
	assert.False(t, KindCity.accepts("GeoLite2-ASN", SchemaIPLocationDB, true))
}

func TestLookupAfterClose(t *testing.T) {
	path := filepath.Join(t.TempDir(), "city.mmdb")
	geodbtest.WriteCity(t, path, geodbtest.Berlin)
	p, err := Open(path, Options{Kind: KindCity})
	require.NoError(t, err)
	require.NoError(t, p.Close())
	require.NoError(t, p.Close())
	_, _, err = p.Lookup(netip.MustParseAddr("81.2.69.160"))
	assert.True(t, errors.Is(err, ErrClosed))
}

func TestDirectCacheKeepsTwoPerSet(t *testing.T) {
	c := newDirectCache(2, hashOffset) // a single set of two slots
	a, b, d := &Record{CityName: "a"}, &Record{CityName: "b"}, &Record{CityName: "d"}
	c.put(10, a)
	c.put(20, b)
	for _, want := range []struct {
		key uintptr
		rec *Record
	}{{10, a}, {20, b}} {
		got, ok := c.get(want.key)
		assert.True(t, ok, want.key)
		assert.Same(t, want.rec, got)
	}
	c.put(20, b) // a hit put again must not push its partner out
	_, ok := c.get(10)
	assert.True(t, ok)
	c.put(30, d)
	_, ok = c.get(10)
	assert.False(t, ok, "the older of the set is dropped")
	got, _ := c.get(30)
	assert.Same(t, d, got)
	got, _ = c.get(20)
	assert.Same(t, b, got)

	_, ok = newDirectCache(0, hashOffset).get(10)
	assert.False(t, ok, "size 0 disables the cache")
	assert.Len(t, newDirectCache(1000, hashAddr).slots, 1024)
	assert.Len(t, newDirectCache(1, hashAddr).slots, 2)
}

func TestAnswersAreCachedByAddressIncludingNotFound(t *testing.T) {
	path := filepath.Join(t.TempDir(), "city.mmdb")
	geodbtest.WriteCity(t, path, geodbtest.Berlin)
	p := openTest(t, path, Options{Kind: KindCity, CacheSize: 64})
	for _, tc := range []struct {
		ip      string
		wantErr error
	}{{"81.2.69.160", nil}, {"8.8.8.8", ErrNotFound}} {
		ip := netip.MustParseAddr(tc.ip)
		first, cached, err := p.Lookup(ip)
		assert.ErrorIs(t, err, tc.wantErr)
		assert.False(t, cached, tc.ip)
		again, cached, err := p.Lookup(ip)
		assert.ErrorIs(t, err, tc.wantErr)
		assert.True(t, cached, tc.ip)
		assert.Same(t, first, again)
	}
}

func TestOpenRejectsRecordsThatDoNotDecode(t *testing.T) {
	// "city" must be a map; a string there is what a damaged data section
	// looks like to the decoder.
	data, err := geodbtest.BuildRecords("GeoIP2-City", map[string]mmdbtype.DataType{
		"8.8.8.0/24": mmdbtype.Map{"city": mmdbtype.String("not a map")},
	})
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "damaged.mmdb")
	require.NoError(t, geodbtest.Replace(path, data))
	_, err = Open(path, Options{Kind: KindCity})
	require.Error(t, err)
	assert.Contains(t, err.Error(), path)
	assert.Contains(t, err.Error(), "8.8.8.8")
}
