// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package udpingest // import "github.com/otelcol-flows/otelcol-flows/internal/udpingest"

import (
	"context"
	"time"

	"github.com/otelcol-flows/otelcol-flows/internal/loadsignal"
)

// Decoder is a protocol's part of a worker: it decodes datagrams into its
// current batch. One worker goroutine uses it, so it needs no locks.
type Decoder[B any] interface {
	// Decode adds what d holds to the current batch; d.Data is not kept.
	Decode(ctx context.Context, d *Datagram)
	// Len is the number of records in the current batch.
	Len() int
	// Take returns the current batch and starts an empty one.
	Take() B
	// Housekeeping runs periodically (expiry, state saves).
	Housekeeping(ctx context.Context, now time.Time)
}

// Sender hands a finished batch to the next consumer.
type Sender[B any] interface {
	Send(ctx context.Context, b B)
}

// WorkerSettings are the timings of a worker.
type WorkerSettings struct {
	Batch BatchConfig
	// Housekeeping is the interval of Decoder.Housekeeping.
	Housekeeping time.Duration
	Telemetry    Telemetry
	// Load is marked while the worker's queue is more than half full, so
	// that best-effort enrichment gives way before datagrams are dropped.
	// Nil marks nothing.
	Load *loadsignal.Signal
}

// Worker decodes one queue. Exporters are sharded to queues by address,
// so a worker sees all of an exporter's datagrams in order.
type Worker[B any] struct {
	queue <-chan *Datagram
	dec   Decoder[B]
	set   WorkerSettings
	out   chan B // to this worker's sender goroutine
}

// NewWorker builds a worker from its queue, its decoder and its timings.
func NewWorker[B any](queue <-chan *Datagram, dec Decoder[B], set WorkerSettings) *Worker[B] {
	return &Worker[B]{queue: queue, dec: dec, set: set, out: make(chan B, 1)}
}

// Run decodes until the queue is closed, then flushes what is left and
// closes its output. ctx is only cancelled when shutdown gives up waiting
// for the consumer.
func (w *Worker[B]) Run(ctx context.Context) {
	defer close(w.out)
	flush := time.NewTicker(w.set.Batch.Timeout)
	defer flush.Stop()
	housekeeping := time.NewTicker(w.set.Housekeeping)
	defer housekeeping.Stop()
	for {
		select {
		case d, ok := <-w.queue:
			if !ok {
				w.flush(ctx)
				return
			}
			w.markIfBehind(d)
			w.dec.Decode(ctx, d)
			d.Release()
			if w.dec.Len() >= w.set.Batch.MaxRecords {
				w.flush(ctx)
			}
		case <-flush.C:
			w.flush(ctx)
		case now := <-housekeeping.C:
			w.dec.Housekeeping(ctx, now)
		}
	}
}

// markIfBehind marks the load signal when the queue holds more than half
// its capacity: the worker is not keeping up with what arrives.
func (w *Worker[B]) markIfBehind(d *Datagram) {
	if w.set.Load != nil && 2*len(w.queue) > cap(w.queue) {
		w.set.Load.Mark(d.Received)
	}
}

// flush hands the batch to the worker's sender goroutine. That goroutine
// holds at most one batch, so decoding overlaps with the next consumer's
// work (and its latency: DNS, an exporter without a queue). When the
// previous batch is still being consumed, the worker waits, and the wait
// is counted as backpressure.
func (w *Worker[B]) flush(ctx context.Context) {
	if w.dec.Len() == 0 {
		return
	}
	b := w.dec.Take()
	select {
	case w.out <- b:
	default:
		start := time.Now()
		w.out <- b
		w.set.Telemetry.ConsumerBlocked(ctx, time.Since(start))
	}
}

// Deliver passes the worker's batches to s until Run closes its output.
func (w *Worker[B]) Deliver(ctx context.Context, s Sender[B]) {
	for b := range w.out {
		s.Send(ctx, b)
	}
}
