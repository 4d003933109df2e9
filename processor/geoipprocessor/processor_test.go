// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geoipprocessor

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/maxmind/mmdbwriter/mmdbtype"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/processor/processortest"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/otelcol-flows/otelcol-flows/internal/geodbtest"
	"github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor/internal/metadata"
)

var (
	berlinGeo = germanGeo(52.52, 13.405, "Berlin", "Land Berlin", "DE-BE", "10115", 20712, "Andrews & Arnold Ltd")
	munichGeo = germanGeo(48.137, 11.575, "Munich", "Bavaria", "DE-BY", "80331", 3209, "Vodafone GmbH")
)

// germanGeo is the geo and AS fields of a city in Germany (country, continent
// and time zone shared).
func germanGeo(lat, lon float64, city, region, regionCode, postalCode string, asn int64, asOrg string) map[string]any {
	return map[string]any{
		"geo.location":         map[string]any{"lat": lat, "lon": lon},
		"geo.country_iso_code": "DE", "geo.country_name": "Germany", "geo.city_name": city,
		"geo.region_name": region, "geo.region_iso_code": regionCode, "geo.continent_code": "EU",
		"geo.continent_name": "Europe", "geo.postal_code": postalCode, "geo.timezone": "Europe/Berlin",
		"as.number": asn, "as.organization.name": asOrg,
	}
}

// expect returns attrs plus fields under prefix.
func expect(attrs map[string]any, prefix string, fields map[string]any) map[string]any {
	out := make(map[string]any, len(attrs)+len(fields))
	for k, v := range attrs {
		out[k] = v
	}
	for k, v := range fields {
		out[prefix+"."+k] = v
	}
	return out
}

func TestEnrichesBothPairsIPv4AndIPv6(t *testing.T) {
	h := startProcessor(t, testDatabases(t))
	in := map[string]any{"source.ip": "81.2.69.160", "destination.ip": "2a02:8100::1", "source.port": int64(443)}
	got := h.consume(t, in)
	want := expect(expect(in, "source", berlinGeo), "destination", munichGeo)
	assert.Equal(t, []map[string]any{want}, got)

	assert.Equal(t, int64(2), h.counter(t, "lookups", "city"))
	assert.Equal(t, int64(2), h.counter(t, "hits", "city"))
	assert.Equal(t, int64(2), h.counter(t, "lookups", "asn"))
	assert.Equal(t, int64(2), h.counter(t, "cache_misses", "asn"))
	assert.Equal(t, int64(0), h.counter(t, "misses", "city"))
}

func TestRepeatedAddressHitsTheCache(t *testing.T) {
	h := startProcessor(t, testDatabases(t))
	h.consume(t, map[string]any{"source.ip": "81.2.69.160", "destination.ip": "8.8.8.8"},
		map[string]any{"source.ip": "81.2.69.7"}, map[string]any{"source.ip": "81.2.69.160", "destination.ip": "8.8.8.8"})
	assert.Equal(t, int64(2), h.counter(t, "cache_hits", "city"), "81.2.69.160 and 8.8.8.8 (not found) again")
	assert.Equal(t, int64(3), h.counter(t, "cache_misses", "city"))
}

func TestMappedAndNAT64AddressesLocateTheIPv4Address(t *testing.T) {
	h := startProcessor(t, testDatabases(t))
	// 64:ff9b::5102:45a0 is 81.2.69.160 behind a NAT64 gateway.
	got := h.consume(t, map[string]any{"source.ip": "::ffff:81.2.69.160", "destination.ip": "64:ff9b::5102:45a0"})
	require.Len(t, got, 1)
	assert.Equal(t, "Berlin", got[0]["source.geo.city_name"])
	assert.Equal(t, "Berlin", got[0]["destination.geo.city_name"])
}

func TestLocaleAndFieldSelection(t *testing.T) {
	cfg := testDatabases(t)
	cfg.Locale = "de"
	cfg.Fields = []Field{"geo.city_name", "geo.country_name", "as.number"}
	cfg.Pairs = []PairConfig{{Address: "client.ip", Target: "client"}}
	h := startProcessor(t, cfg)
	in := map[string]any{"client.ip": "2a02:8100::1", "source.ip": "81.2.69.160"}
	got := h.consume(t, in)
	assert.Equal(t, []map[string]any{expect(in, "client", map[string]any{
		"geo.city_name": "München", "geo.country_name": "Deutschland", "as.number": int64(3209),
	})}, got)
}

func TestOnlyASNDatabase(t *testing.T) {
	cfg := testDatabases(t)
	cfg.Databases.City = nil
	h := startProcessor(t, cfg)
	in := map[string]any{"source.ip": "81.2.69.160"}
	assert.Equal(t, []map[string]any{expect(in, "source", map[string]any{
		"as.number": int64(20712), "as.organization.name": "Andrews & Arnold Ltd",
	})}, h.consume(t, in))
	assert.Equal(t, int64(0), h.counter(t, "lookups", "city"))
}

func TestMissingDataIsLeftOut(t *testing.T) {
	h := startProcessor(t, testDatabases(t))
	// CountryOnly has no city, region, postal code nor location; 8.8.8.8 and
	// the IPv6 address are in neither database.
	in := map[string]any{"source.ip": "89.160.20.112", "destination.ip": "8.8.8.8"}
	got := h.consume(t, in, map[string]any{"source.ip": "2001:4860::8888"})
	assert.Equal(t, []map[string]any{
		expect(in, "source", map[string]any{
			"geo.country_iso_code": "SE", "geo.country_name": "Sweden", "geo.continent_code": "EU",
			"geo.continent_name": "Europe", "geo.timezone": "Europe/Stockholm",
		}),
		{"source.ip": "2001:4860::8888"},
	}, got)
	assert.Equal(t, int64(2), h.counter(t, "misses", "city"))
	assert.Equal(t, int64(3), h.counter(t, "misses", "asn"))
}

func TestSpecialAddressesSkippedAndCounted(t *testing.T) {
	h := startProcessor(t, testDatabases(t))
	records := []map[string]any{
		{"source.ip": "10.1.2.3", "destination.ip": "192.168.1.1"},
		{"source.ip": "127.0.0.1", "destination.ip": "::1"},
		{"source.ip": "fe80::1%eth0", "destination.ip": "224.0.0.251"},
		{"source.ip": "100.64.0.1", "destination.ip": "2001:db8::1"},
		{"source.ip": "0.0.0.0", "destination.ip": "fd00::1"},
	}
	got := h.consume(t, records...)
	assert.Equal(t, records, got, "nothing written")
	assert.Equal(t, int64(10), h.counter(t, "skipped", ""))
	assert.Equal(t, int64(0), h.counter(t, "lookups", "city"))
}

func TestSpecialAddressesLookedUpWhenConfigured(t *testing.T) {
	cfg := testDatabases(t)
	cfg.SkipSpecialAddresses = false
	h := startProcessor(t, cfg)
	h.consume(t, map[string]any{"source.ip": "10.1.2.3"})
	assert.Equal(t, int64(0), h.counter(t, "skipped", ""))
	assert.Equal(t, int64(1), h.counter(t, "misses", "city"))
}

func TestMissingAndInvalidAddresses(t *testing.T) {
	h := startProcessor(t, testDatabases(t))
	records := []map[string]any{
		{"network.transport": "udp"},
		{"source.ip": "not-an-ip", "destination.ip": int64(5)},
		{"source.ip": "", "destination.ip": "81.2.69.160/24"},
		{"source.ip": []any{"81.2.69.160"}},
	}
	var got []map[string]any
	require.NotPanics(t, func() { got = h.consume(t, records...) })
	assert.Equal(t, records, got)
	assert.Equal(t, int64(5), h.counter(t, "invalid_addresses", ""))
	assert.Equal(t, int64(0), h.counter(t, "lookups", "city"))
}

func TestStartFailsNamingTheFile(t *testing.T) {
	good := testDatabases(t)
	missing := filepath.Join(t.TempDir(), "GeoLite2-City.mmdb")
	for _, tc := range []struct {
		name, city, asn, want string
	}{
		{name: "missing city", city: missing, want: missing},
		{name: "missing asn", city: good.Databases.City[0], asn: missing, want: missing},
		{name: "asn file as city", city: good.Databases.ASN[0], want: good.Databases.ASN[0]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := createDefaultConfig().(*Config)
			cfg.Databases = DatabasesConfig{City: DatabaseFiles{tc.city}}
			if tc.asn != "" {
				cfg.Databases.ASN = DatabaseFiles{tc.asn}
			}
			proc, err := NewFactory().CreateLogs(context.Background(), processortest.NewNopSettings(metadata.Type), cfg, consumertest.NewNop())
			require.NoError(t, err)
			err = proc.Start(context.Background(), componenttest.NewNopHost())
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			require.NoError(t, proc.Shutdown(context.Background()))
		})
	}
}

func TestShutdownWithoutStartAndLateBatch(t *testing.T) {
	cfg := testDatabases(t)
	proc, err := NewFactory().CreateLogs(context.Background(), processortest.NewNopSettings(metadata.Type), cfg, consumertest.NewNop())
	require.NoError(t, err)
	require.NoError(t, proc.Shutdown(context.Background()))

	sink := new(consumertest.LogsSink)
	proc, err = NewFactory().CreateLogs(context.Background(), processortest.NewNopSettings(metadata.Type), cfg, sink)
	require.NoError(t, err)
	require.NoError(t, proc.Start(context.Background(), componenttest.NewNopHost()))
	require.NoError(t, proc.Shutdown(context.Background()))
	require.NoError(t, proc.ConsumeLogs(context.Background(), logsWith(map[string]any{"source.ip": "81.2.69.160"})))
	assert.Equal(t, map[string]any{"source.ip": "81.2.69.160"},
		sink.AllLogs()[0].ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0).Attributes().AsRaw())
}

func TestDamagedRecordCountedAndLoggedOnce(t *testing.T) {
	cfg := testDatabases(t)
	data, err := geodbtest.BuildRecords("GeoIP2-City", map[string]mmdbtype.DataType{
		"81.2.69.0/24": mmdbtype.Map{"city": mmdbtype.String("not a map")},
	})
	require.NoError(t, err)
	require.NoError(t, geodbtest.Replace(cfg.Databases.City[0], data))
	core, logs := observer.New(zap.WarnLevel)
	set := processortest.NewNopSettings(metadata.Type)
	set.Logger = zap.New(core)
	tel := componenttest.NewTelemetry()
	defer func() { require.NoError(t, tel.Shutdown(context.Background())) }()
	set.TelemetrySettings.MeterProvider = tel.NewTelemetrySettings().MeterProvider
	sink := new(consumertest.LogsSink)
	proc, err := NewFactory().CreateLogs(context.Background(), set, cfg, sink)
	require.NoError(t, err)
	require.NoError(t, proc.Start(context.Background(), componenttest.NewNopHost()))
	defer func() { require.NoError(t, proc.Shutdown(context.Background())) }()

	h := &harness{proc: proc, sink: sink, tel: tel}
	in := map[string]any{"source.ip": "81.2.69.160"}
	var got []map[string]any
	require.NotPanics(t, func() {
		h.consume(t, in)
		got = h.consume(t, in)
	})
	assert.Equal(t, []map[string]any{expect(in, "source", map[string]any{
		"as.number": int64(20712), "as.organization.name": "Andrews & Arnold Ltd",
	})}, got, "the ASN database still answers")
	assert.Equal(t, int64(2), h.counter(t, "lookup_errors", "city"))
	assert.Equal(t, 1, logs.FilterMessageSnippet("GeoIP lookups failed").Len(), "rate-limited")
}
