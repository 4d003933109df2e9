// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package gcdefaultsextension // import "github.com/otelcol-flows/otelcol-flows/extension/gcdefaultsextension"

import (
	"context"
	"os"
	"runtime/debug"

	"go.opentelemetry.io/collector/component"
	"go.uber.org/zap"
)

type gcDefaults struct {
	cfg    *Config
	logger *zap.Logger
	memory func() (uint64, error)
	// What was in force before Start, restored at Shutdown (a reload
	// starts the extension again and must not stack settings).
	prevPercent, prevLimit int64
	setPercent, setLimit   bool
	tuner                  *heapTuner
}

func newGCDefaults(cfg *Config, logger *zap.Logger, memory func() (uint64, error)) *gcDefaults {
	return &gcDefaults{cfg: cfg, logger: logger, memory: memory}
}

// envSet reports whether the user chose a value: their choice wins.
func envSet(name string) bool { return os.Getenv(name) != "" }

func (g *gcDefaults) Start(context.Context, component.Host) error {
	var limit uint64
	if !envSet("GOMEMLIMIT") && g.cfg.MemoryLimitPercentage > 0 {
		total, err := g.memory()
		if err != nil {
			// Without a limit the GC still runs at gc_percent: only the
			// soft limit is missing, which is no reason to stop the collector.
			g.logger.Warn("gc_defaults: memory size unknown, no soft memory limit set", zap.Error(err))
		} else {
			limit = total / 100 * uint64(g.cfg.MemoryLimitPercentage)
			g.prevLimit, g.setLimit = debug.SetMemoryLimit(int64(limit)), true
		}
	}
	var floor uint64
	if !envSet("GOGC") {
		g.prevPercent, g.setPercent = int64(debug.SetGCPercent(g.cfg.GCPercent)), true
		floor = g.heapFloor(limit)
		if floor > 0 {
			g.tuner = newHeapTuner(floor, g.cfg.GCPercent)
			go g.tuner.run()
		}
	}
	g.logger.Info("gc_defaults",
		zap.Bool("gc_percent_set", g.setPercent), zap.Int("gc_percent", g.cfg.GCPercent),
		zap.Uint64("min_heap_bytes", floor),
		zap.Bool("memory_limit_set", g.setLimit), zap.Uint64("memory_limit_bytes", limit))
	return nil
}

// heapFloor is min_heap, kept to half of a soft memory limit so that the
// floor never drives the heap into the limit.
func (g *gcDefaults) heapFloor(limit uint64) uint64 {
	floor := uint64(g.cfg.MinHeapMiB) << 20
	if limit > 0 {
		floor = min(floor, limit/2)
	}
	return floor
}

func (g *gcDefaults) Shutdown(context.Context) error {
	if g.tuner != nil {
		g.tuner.Stop()
		g.tuner = nil
	}
	if g.setPercent {
		debug.SetGCPercent(int(g.prevPercent))
		g.setPercent = false
	}
	if g.setLimit {
		debug.SetMemoryLimit(g.prevLimit)
		g.setLimit = false
	}
	return nil
}
