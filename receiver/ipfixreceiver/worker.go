// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver // import "github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver"

import (
	"context"
	"time"

	"go.uber.org/zap"

	"github.com/otelcol-flows/otelcol-flows/internal/ratelog"
	"github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver/internal/decoder"
)

// saveInterval debounces state saves: templates usually arrive in bursts
// (one packet per observation domain), one save covers them all.
// periodicSave also keeps options data (sampling rates, interface names)
// and template refresh times current when no template changed, so a
// crash loses at most that much of them.
const (
	saveInterval = 5 * time.Second
	periodicSave = 5 * time.Minute
)

// worker owns one Decoder and one Batch. Exporters are sharded to workers
// by address, so a worker sees all of an exporter's packets in order and
// needs no locks.
type worker struct {
	id      int
	r       *ipfixReceiver
	queue   chan *packet
	dec     *decoder.Decoder
	batch   *decoder.Batch
	dirty   bool // templates changed since the last save
	saved   time.Time
	errLog  *ratelog.Logger
	sendLog *ratelog.Logger
	out     chan outgoingBatch // to this worker's consumer goroutine
}

func newWorker(id int, r *ipfixReceiver) *worker {
	return &worker{
		id:      id,
		r:       r,
		queue:   make(chan *packet, r.cfg.QueueSize),
		out:     make(chan outgoingBatch, 1),
		dec:     decoder.New(r.decoderConfig()),
		batch:   decoder.NewBatch(),
		saved:   time.Now(), // what was just restored needs no save
		errLog:  r.malformedLog,
		sendLog: r.consumerLog,
	}
}

// decoderConfig splits the exporter limit over the workers: exporters
// are spread by hash, so each worker needs about its share.
func decoderConfig(cfg *Config, workers int) decoder.Config {
	tunnels, _ := parseTunnels(cfg.Decapsulate) // Validate has checked the names
	return decoder.Config{
		MaxExporters:            (cfg.Limits.MaxExporters + workers - 1) / workers,
		MaxExportersPerAddress:  cfg.Limits.MaxExportersPerAddress, // an address is one worker's
		KeyByAddress:            cfg.ExporterIdentity == IdentityAddress,
		MaxTemplatesPerExporter: cfg.Limits.MaxTemplatesPerExporter,
		MaxFieldsPerTemplate:    cfg.Limits.MaxFieldsPerTemplate,
		TemplateTimeout:         cfg.Limits.TemplateTimeout,
		PendingMaxRecords:       cfg.Limits.Pending.MaxRecords,
		PendingMaxBytes:         cfg.Limits.Pending.MaxBytes,
		PendingMaxAge:           cfg.Limits.Pending.MaxAge,
		ScaleBySampling:         cfg.ScaleBySampling,
		NetflowCopies:           cfg.NetflowCopies,
		Decapsulate:             tunnels,
		Sampling:                samplingRules(cfg.Sampling),
	}
}

func (r *ipfixReceiver) decoderConfig() decoder.Config {
	cfg := decoderConfig(r.cfg, r.workerCount())
	cfg.Interfaces = r.interfaces
	return cfg
}

// run decodes until the queue is closed, then flushes what is left and
// closes its output. ctx is only cancelled when Shutdown gives up waiting
// for the consumer.
func (w *worker) run(ctx context.Context) {
	defer close(w.out)
	flush := time.NewTicker(w.r.cfg.Batch.Timeout)
	defer flush.Stop()
	housekeeping := time.NewTicker(housekeepingInterval(w.r.cfg))
	defer housekeeping.Stop()
	for {
		select {
		case pkt, ok := <-w.queue:
			if !ok {
				w.flush(ctx)
				return
			}
			w.decode(ctx, pkt)
			if w.batch.Len() >= w.r.cfg.Batch.MaxRecords {
				w.flush(ctx)
			}
		case <-flush.C:
			w.flush(ctx)
		case now := <-housekeeping.C:
			w.housekeeping(ctx, now)
		}
	}
}

// housekeepingInterval is how often expiry runs: often enough that pending
// data does not outlive max_age by much, at most once a second.
func housekeepingInterval(cfg *Config) time.Duration {
	interval := time.Second
	if age := cfg.Limits.Pending.MaxAge / 2; age > 0 && age < interval {
		interval = max(age, 10*time.Millisecond)
	}
	return interval
}

func (w *worker) decode(ctx context.Context, pkt *packet) {
	from := pkt.from
	stats, err := w.dec.Decode(decoder.Packet{Exporter: from, Received: pkt.received, Data: pkt.data}, w.batch)
	pkt.release()
	w.account(ctx, &stats)
	w.warnUnscaled()
	if err != nil {
		w.r.tel.decodeError(ctx)
		w.errLog.Warn("malformed export packet", zap.Stringer("exporter", from), zap.Error(err))
	}
}

// account counts what a Decode or Expire call did. Any template change
// marks the state for saving, expiry included: expired templates must not
// come back after a restart.
func (w *worker) account(ctx context.Context, stats *decoder.Stats) {
	w.r.tel.decoded(ctx, stats)
	w.dirty = w.dirty || stats.TemplatesChanged
}

func (w *worker) housekeeping(ctx context.Context, now time.Time) {
	stats := w.dec.Expire(now)
	w.account(ctx, &stats)
	w.r.tel.publishState(w.id, w.dec.State())
	if w.r.state == nil {
		return
	}
	if since := now.Sub(w.saved); (w.dirty && since >= saveInterval) || since >= periodicSave {
		w.saveState(now)
	}
}

// saveState hands a snapshot to the persister goroutine, so the storage
// write never stalls decoding. A busy persister means try again later.
func (w *worker) saveState(now time.Time) {
	blob, err := w.dec.MarshalState()
	if err != nil {
		w.errLog.Warn("cannot serialize decoder state", zap.Error(err))
		return
	}
	if w.r.state.offer(w.id, blob) {
		w.dirty = false
		w.saved = now
	}
}

// flush hands the batch to the worker's consumer goroutine. That
// goroutine holds at most one batch, so decoding overlaps with the next
// consumer's work (and its latency: DNS, an exporter without a queue).
// When the previous batch is still being consumed, the worker waits, and
// the wait is counted as backpressure.
func (w *worker) flush(ctx context.Context) {
	n := w.batch.Len()
	if n == 0 {
		return
	}
	b := outgoingBatch{logs: w.batch.Take(), records: n}
	select {
	case w.out <- b:
	default:
		start := time.Now()
		w.out <- b
		w.r.tel.consumerBlocked(ctx, time.Since(start))
	}
	w.r.tel.publishState(w.id, w.dec.State())
}
