// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package reversednsprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor"

import (
	"context"
	"sync/atomic"

	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/pdata/plog"
)

// shedLevel is how much reverse DNS leaves out while the pipeline is
// behind. Names are best effort, flows are not: the collector keeps every
// flow and loses names first.
type shedLevel int32

const (
	// shedNone: batches wait up to batch_budget for their lookups.
	shedNone shedLevel = iota
	// shedNoWait: a batch spent its whole budget waiting, so the name
	// servers are slower than the budget; batches stop waiting and take
	// names from the cache, while lookups go on filling it.
	shedNoWait
	// shedCacheOnly: the next consumer refused data (an exporter queue
	// full, a memory_limiter after this processor); no lookups start,
	// names come from the cache only.
	shedCacheOnly
)

// loadShedder holds the current level until a deadline on the processor's
// clock; a signal extends it and raises it, never lowers it.
type loadShedder struct {
	hold  int64 // nanoseconds a signal keeps its level
	level atomic.Int32
	until atomic.Int64
}

func newLoadShedder(cfg *Config) *loadShedder {
	return &loadShedder{hold: int64(cfg.ShedFor)}
}

// current is the level in force at now.
func (s *loadShedder) current(now int64) shedLevel {
	if now >= s.until.Load() {
		return shedNone
	}
	return shedLevel(s.level.Load())
}

// raise puts level in force for the hold time from now. Concurrent calls
// may interleave; the worst outcome is one batch at a neighbouring level.
func (s *loadShedder) raise(level shedLevel, now int64) {
	if s.current(now) > level {
		level = s.current(now)
	}
	s.level.Store(int32(level))
	s.until.Store(now + s.hold)
}

// WrapNext wraps next so that a refusal downstream raises the level
// to shedCacheOnly.
func (p *reverseDNS) WrapNext(next consumer.Logs) (consumer.Logs, error) {
	return consumer.NewLogs(func(ctx context.Context, ld plog.Logs) error {
		err := next.ConsumeLogs(ctx, ld)
		if err != nil {
			p.shed.raise(shedCacheOnly, p.clock())
		}
		return err
	}, consumer.WithCapabilities(next.Capabilities()))
}
