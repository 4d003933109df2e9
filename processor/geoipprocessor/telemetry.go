// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geoipprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor"

import (
	"context"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.uber.org/zap"

	"github.com/otelcol-flows/otelcol-flows/internal/ratelog"
	"github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor/internal/geodb"
	"github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor/internal/metadata"
)

type databaseStats struct {
	lookups, hits, misses, errors int64
	cacheHits, cacheMisses        int64
	lastError                     error
}

type batchStats struct {
	city, asn        databaseStats
	skipped, invalid int64
}

type telemetry struct {
	builder   *metadata.TelemetryBuilder
	city, asn metric.MeasurementOption
	errorLog  *ratelog.Logger // warnings about a damaged database: the counter says how often, the log says why
}

func newTelemetry(builder *metadata.TelemetryBuilder, logger *zap.Logger) *telemetry {
	return &telemetry{
		builder:  builder,
		errorLog: ratelog.New(logger, time.Minute),
		city:     databaseAttribute(geodb.KindCity),
		asn:      databaseAttribute(geodb.KindASN),
	}
}

// databaseAttribute is built once per kind: a measurement option made per
// Add would allocate on every batch.
func databaseAttribute(k geodb.Kind) metric.MeasurementOption {
	return metric.WithAttributeSet(attribute.NewSet(attribute.String("database", k.String())))
}

func (t *telemetry) database(k geodb.Kind) metric.MeasurementOption {
	if k == geodb.KindASN {
		return t.asn
	}
	return t.city
}

func (t *telemetry) record(ctx context.Context, s *batchStats) {
	t.recordDatabase(ctx, &s.city, t.city)
	t.recordDatabase(ctx, &s.asn, t.asn)
	if s.skipped > 0 {
		t.builder.ProcessorGeoipSkipped.Add(ctx, s.skipped)
	}
	if s.invalid > 0 {
		t.builder.ProcessorGeoipInvalidAddresses.Add(ctx, s.invalid)
	}
}

func (t *telemetry) recordDatabase(ctx context.Context, s *databaseStats, db metric.MeasurementOption) {
	if s.lookups == 0 {
		return
	}
	b := t.builder
	b.ProcessorGeoipLookups.Add(ctx, s.lookups, db)
	b.ProcessorGeoipHits.Add(ctx, s.hits, db)
	b.ProcessorGeoipMisses.Add(ctx, s.misses, db)
	b.ProcessorGeoipCacheHits.Add(ctx, s.cacheHits, db)
	b.ProcessorGeoipCacheMisses.Add(ctx, s.cacheMisses, db)
	if s.errors > 0 {
		b.ProcessorGeoipLookupErrors.Add(ctx, s.errors, db)
		t.logLookupError(s)
	}
}

func (t *telemetry) logLookupError(s *databaseStats) {
	t.errorLog.Warn("GeoIP lookups failed, the database file may be damaged (logged at most once a minute)",
		zap.Int64("failed_in_batch", s.errors), zap.Error(s.lastError))
}

func (t *telemetry) reloaded(ctx context.Context, k geodb.Kind) {
	t.builder.ProcessorGeoipReloads.Add(ctx, 1, t.database(k))
}

func (t *telemetry) reloadFailed(ctx context.Context, k geodb.Kind) {
	t.builder.ProcessorGeoipReloadErrors.Add(ctx, 1, t.database(k))
}

func (t *telemetry) shutdown() {
	t.builder.Shutdown()
}
