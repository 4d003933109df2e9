// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package reversednsprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor"

import (
	"context"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor/internal/metadata"
	"github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor/internal/namecache"
)

type queryResult int

const (
	resultName queryResult = iota
	resultNotFound
	resultError
)

// telemetry wraps the generated instruments with attribute sets built once,
// so recording a batch's counts does not allocate.
type telemetry struct {
	b           *metadata.TelemetryBuilder
	results     [3][]metric.AddOption
	skipLimit   []metric.AddOption
	skipInvalid []metric.AddOption
}

func newTelemetry(set component.TelemetrySettings, cache *namecache.Cache) (*telemetry, error) {
	b, err := metadata.NewTelemetryBuilder(set)
	if err != nil {
		return nil, err
	}
	err = b.RegisterProcessorReversednsCacheSizeCallback(func(_ context.Context, o metric.Int64Observer) error {
		o.Observe(int64(cache.Len()))
		return nil
	})
	if err != nil {
		b.Shutdown()
		return nil, err
	}
	attr := func(k, v string) []metric.AddOption {
		return []metric.AddOption{metric.WithAttributeSet(attribute.NewSet(attribute.String(k, v)))}
	}
	return &telemetry{
		b:           b,
		results:     [3][]metric.AddOption{attr("result", "name"), attr("result", "not_found"), attr("result", "error")},
		skipLimit:   attr("reason", "in_flight_limit"),
		skipInvalid: attr("reason", "invalid_address"),
	}, nil
}

// batchCounts are summed per batch and recorded once, because an
// instrument call per record would cost more than the cache hit itself.
type batchCounts struct {
	hits, misses, timeouts, skippedLimit, invalid int64
}

func (t *telemetry) record(ctx context.Context, c batchCounts) {
	add := func(counter metric.Int64Counter, n int64, opts []metric.AddOption) {
		if n > 0 {
			counter.Add(ctx, n, opts...)
		}
	}
	add(t.b.ProcessorReversednsCacheHits, c.hits, nil)
	add(t.b.ProcessorReversednsCacheMisses, c.misses, nil)
	add(t.b.ProcessorReversednsBudgetTimeouts, c.timeouts, nil)
	add(t.b.ProcessorReversednsLookupsSkipped, c.skippedLimit, t.skipLimit)
	add(t.b.ProcessorReversednsLookupsSkipped, c.invalid, t.skipInvalid)
}

func (t *telemetry) queryResult(r queryResult) {
	t.b.ProcessorReversednsQueries.Add(context.Background(), 1, t.results[r]...)
}

func (t *telemetry) inFlight(delta int64) {
	t.b.ProcessorReversednsQueriesInFlight.Add(context.Background(), delta)
}
