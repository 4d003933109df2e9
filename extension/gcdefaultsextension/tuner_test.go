// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package gcdefaultsextension

import (
	"context"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.uber.org/zap"
)

func TestPercentPutsTheGoalAtTheFloorOrAbovePercent(t *testing.T) {
	tu := newHeapTuner(192<<20, 100)
	for _, c := range []struct {
		live uint64
		want int
	}{
		{32 << 20, 500},  // goal 192 MiB
		{64 << 20, 200},  // goal 192 MiB
		{96 << 20, 100},  // goal 192 MiB = percent over live
		{300 << 20, 100}, // above the floor: percent
		{1 << 20, 5000},  // nearly idle: capped
		{0, 5000},        // before the first live-heap figure
		{190 << 20, 100}, // the floor would give 1%: percent wins
		{192 << 18, 300}, // a quarter of the floor
		{192 << 21, 100}, // twice the floor
		{(192 << 20) / 3, 200},
	} {
		require.Equal(t, c.want, tu.percentFor(c.live), "live %d MiB", c.live>>20)
	}
}

func TestAdjustSetsThePercentFromTheLiveHeapAfterACollection(t *testing.T) {
	defer debug.SetGCPercent(gcPercent())
	tu := newHeapTuner(1<<40, 100) // a floor no test heap reaches: the cap applies
	runtime.GC()
	tu.adjust()
	require.Equal(t, maxTunedPercent, gcPercent())

	keep := make([][]byte, 0, 64)
	for range 64 {
		keep = append(keep, make([]byte, 1<<20))
	}
	tu.floor = liveHeap(t) // now, the floor sits at the live heap: percent applies
	runtime.GC()
	tu.adjust()
	require.Equal(t, 100, gcPercent())
	runtime.KeepAlive(keep)

	before := tu.cycles
	tu.adjust() // no collection since: nothing to do
	require.Equal(t, before, tu.cycles)
}

func TestTunerStopsAtShutdownAndThePercentIsRestored(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	before := gcPercent()
	g := newGCDefaults(&Config{GCPercent: 100, MinHeapMiB: 64, MemoryLimitPercentage: 50}, zap.NewNop(), fixedMemory(64<<20))
	require.NoError(t, g.Start(context.Background(), componenttest.NewNopHost()))
	require.Equal(t, uint64(64<<20)/100*50/2, g.tuner.floor, "half of the soft limit (half of 64 MiB), not min_heap_mib")
	tu := g.tuner
	require.NoError(t, g.Shutdown(context.Background()))
	<-tu.done
	require.Equal(t, before, gcPercent())
}

func liveHeap(t *testing.T) uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	runtime.GC()
	metrics.Read(s)
	require.Equal(t, metrics.KindUint64, s[0].Value.Kind())
	return s[0].Value.Uint64()
}
