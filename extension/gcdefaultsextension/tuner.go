// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package gcdefaultsextension // import "github.com/otelcol-flows/otelcol-flows/extension/gcdefaultsextension"

import (
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// The most the tuner lets the heap grow over a small live heap. It bounds
// the goal when the live heap is nearly empty (an idle collector).
const maxTunedPercent = 5000

// How often the tuner looks for a finished collection. Collections come a
// few times a second under load; a later adjustment only moves one goal.
const tunerPoll = 100 * time.Millisecond

var tunerMetrics = []string{"/gc/heap/live:bytes", "/gc/cycles/total:gc-cycles"}

// heapTuner sets the GC percentage after each collection so that the next
// heap goal is the larger of the floor and percent over the live heap.
//
// The hot path allocates one short-lived object per attribute value and
// keeps little alive (tens of MB: the batches in flight), so at GOGC=100
// the heap goal is small and collections run many times a second. A fixed
// higher percentage (the earlier GOGC=400) collects less often, but a heap
// with queued batches then grows to five times what it holds. A floor
// gives the small live heap the same room and lets a large one grow only
// by percent.
type heapTuner struct {
	floor   uint64
	percent int
	samples []metrics.Sample
	cycles  uint64
	current int
	stop    chan struct{}
	done    chan struct{}
}

func newHeapTuner(floor uint64, percent int) *heapTuner {
	t := &heapTuner{floor: floor, percent: percent, current: percent,
		stop: make(chan struct{}), done: make(chan struct{})}
	for _, name := range tunerMetrics {
		t.samples = append(t.samples, metrics.Sample{Name: name})
	}
	return t
}

// percentFor is the percentage that puts the next goal at the floor, or at
// percent over live once live is above floor/(1+percent/100).
func (t *heapTuner) percentFor(live uint64) int {
	if live == 0 {
		return maxTunedPercent
	}
	p := int(t.floor*100/live) - 100
	return min(max(p, t.percent), maxTunedPercent)
}

// run adjusts the percentage after every collection until stop.
func (t *heapTuner) run() {
	defer close(t.done)
	debug.SetGCPercent(t.current)
	tick := time.NewTicker(tunerPoll)
	defer tick.Stop()
	for {
		select {
		case <-t.stop:
			return
		case <-tick.C:
			t.adjust()
		}
	}
}

func (t *heapTuner) adjust() {
	metrics.Read(t.samples)
	if t.samples[0].Value.Kind() != metrics.KindUint64 {
		return // a runtime without the metric: gc_percent stays in force
	}
	live, cycles := t.samples[0].Value.Uint64(), t.samples[1].Value.Uint64()
	if cycles == t.cycles {
		return
	}
	t.cycles = cycles
	// Small moves are not worth a pacer update.
	if p := t.percentFor(live); p < t.current*9/10 || p > t.current*11/10 {
		t.current = p
		debug.SetGCPercent(p)
	}
}

func (t *heapTuner) Stop() {
	close(t.stop)
	<-t.done
}
