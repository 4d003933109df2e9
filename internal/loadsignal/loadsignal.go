// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package loadsignal tells the enrichment processors of a collector that
// its flow receivers are falling behind, so that best-effort work (reverse
// DNS) gives way before flows are dropped.
//
// A processor sees its own batches only: it cannot tell that the receiver's
// packet queues are filling, or that a memory_limiter before it refuses
// data. The receivers can, and mark this process-wide signal; a processor
// in a pipeline without them never sees it marked and relies on its own
// signals.
package loadsignal // import "github.com/otelcol-flows/otelcol-flows/internal/loadsignal"

import (
	"sync/atomic"
	"time"
)

// Hold is how long one mark lasts. Receivers mark while a queue stays more
// than half full or the next consumer refuses data, so the signal ends
// about a second after they caught up.
const Hold = time.Second

// Signal is the time until which the pipeline counts as behind. The zero
// value is never behind.
type Signal struct{ until atomic.Int64 }

// Default is this process's signal: the flow receivers mark it, the
// reversedns processor reads it.
var Default = &Signal{}

// Mark says the pipeline is behind at now.
func (s *Signal) Mark(now time.Time) { s.until.Store(now.Add(Hold).UnixNano()) }

// Behind reports whether a mark made within Hold before now is in force.
func (s *Signal) Behind(now time.Time) bool { return now.UnixNano() < s.until.Load() }
