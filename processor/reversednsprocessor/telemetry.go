// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package reversednsprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor"

import (
	"context"
	"errors"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor/internal/metadata"
)

type queryResult int

const (
	resultName queryResult = iota
	resultNotFound
	resultError
)

// skipReason is why a cache miss was not looked up; the values index
// telemetry.skips and match the reason attribute's enum.
type skipReason int

const (
	skipInFlightLimit skipReason = iota
	skipRateLimit
	skipShedding
	skipInvalid
	skipReasons
)

// telemetry wraps the generated instruments with attribute sets built once,
// so recording a batch's counts does not allocate.
type telemetry struct {
	b           *metadata.TelemetryBuilder
	results     [3][]metric.AddOption
	skips       [skipReasons][]metric.AddOption
	shedBatches [shedCacheOnly + 1][]metric.AddOption
}

func newTelemetry(set component.TelemetrySettings, p *reverseDNS) (*telemetry, error) {
	b, err := metadata.NewTelemetryBuilder(set)
	if err != nil {
		return nil, err
	}
	err = errors.Join(
		b.RegisterProcessorReversednsCacheSizeCallback(func(_ context.Context, o metric.Int64Observer) error {
			o.Observe(int64(p.cache.Len()))
			return nil
		}),
		b.RegisterProcessorReversednsNegativePrefixesCallback(func(_ context.Context, o metric.Int64Observer) error {
			o.Observe(int64(p.prefixes.len()))
			return nil
		}),
		b.RegisterProcessorReversednsShedLevelCallback(func(_ context.Context, o metric.Int64Observer) error {
			o.Observe(int64(p.shed.current(p.clock())))
			return nil
		}))
	if err != nil {
		b.Shutdown()
		return nil, err
	}
	attr := func(k, v string) []metric.AddOption {
		return []metric.AddOption{metric.WithAttributeSet(attribute.NewSet(attribute.String(k, v)))}
	}
	return &telemetry{
		b:       b,
		results: [3][]metric.AddOption{attr("result", "name"), attr("result", "not_found"), attr("result", "error")},
		skips: [skipReasons][]metric.AddOption{
			skipInFlightLimit: attr("reason", "in_flight_limit"),
			skipRateLimit:     attr("reason", "rate_limit"),
			skipShedding:      attr("reason", "shedding"),
			skipInvalid:       attr("reason", "invalid_address"),
		},
		shedBatches: [shedCacheOnly + 1][]metric.AddOption{
			shedNoWait:    attr("level", "no_wait"),
			shedCacheOnly: attr("level", "cache_only"),
		},
	}, nil
}

// batchCounts are summed per batch and recorded once, because an
// instrument call per record would cost more than the cache hit itself.
type batchCounts struct {
	hits, misses, timeouts int64
	prefixHits             int64
	skipped                [skipReasons]int64
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
	add(t.b.ProcessorReversednsNegativePrefixHits, c.prefixHits, nil)
	for r, n := range c.skipped {
		add(t.b.ProcessorReversednsLookupsSkipped, n, t.skips[r])
	}
}

// shedBatch counts a batch processed while shedding at level.
func (t *telemetry) shedBatch(ctx context.Context, level shedLevel) {
	t.b.ProcessorReversednsShedBatches.Add(ctx, 1, t.shedBatches[level]...)
}

func (t *telemetry) queryResult(r queryResult) {
	t.b.ProcessorReversednsQueries.Add(context.Background(), 1, t.results[r]...)
}

func (t *telemetry) inFlight(delta int64) {
	t.b.ProcessorReversednsQueriesInFlight.Add(context.Background(), delta)
}
