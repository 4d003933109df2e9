// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver // import "github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver"

import (
	"context"
	"time"

	"go.uber.org/zap"

	"github.com/otelcol-flows/otelcol-flows/internal/ratelog"
	"github.com/otelcol-flows/otelcol-flows/internal/udpingest"
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

// shardOf is the ingest's exporter-to-worker hash; the template store splits
// the persisted state over the workers by it.
var shardOf = udpingest.ShardOf

// worker is the NetFlow/IPFIX part of one udpingest.Worker: it owns one
// Decoder and one LogsBuilder and reports the decoder's state to the store.
// Exporters are sharded to workers by address, so it needs no locks.
type worker struct {
	id     int
	dec    *decoder.Decoder
	logs   *decoder.LogsBuilder
	tel    *receiverTelemetry
	store  *templateStore // nil without storage
	dirty  bool           // templates changed since the last save
	saved  time.Time
	errLog *ratelog.Logger
	// samplingLog says which exporters send sampled flows that are not scaled.
	samplingLog *ratelog.Logger
}

var _ udpingest.Decoder[udpingest.LogsBatch] = (*worker)(nil)

func newWorker(id int, dcfg decoder.Config, tel *receiverTelemetry, errLog *ratelog.Logger) *worker {
	return &worker{
		id:     id,
		dec:    decoder.New(dcfg),
		logs:   decoder.NewLogsBuilder(),
		tel:    tel,
		saved:  time.Now(), // what was just restored needs no save
		errLog: errLog,
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

// housekeepingInterval is how often expiry runs: often enough that pending
// data does not outlive max_age by much, at most once a second.
func housekeepingInterval(cfg *Config) time.Duration {
	interval := time.Second
	if age := cfg.Limits.Pending.MaxAge / 2; age > 0 && age < interval {
		interval = max(age, 10*time.Millisecond)
	}
	return interval
}

// Decode implements udpingest.Decoder.
func (w *worker) Decode(ctx context.Context, d *udpingest.Datagram) {
	stats, err := w.dec.Decode(decoder.Packet{Exporter: d.From, Received: d.Received, Data: d.Data}, w.logs)
	w.account(ctx, &stats)
	w.warnUnscaled()
	if err != nil {
		w.tel.decodeError(ctx)
		w.errLog.Warn("malformed export packet", zap.Stringer("exporter", d.From), zap.Error(err))
	}
}

// Len implements udpingest.Decoder.
func (w *worker) Len() int { return w.logs.Len() }

// Take implements udpingest.Decoder.
func (w *worker) Take() udpingest.LogsBatch {
	b := udpingest.LogsBatch{Records: w.logs.Len(), Logs: w.logs.Take()}
	w.tel.publishGauges(w.id, w.dec.Gauges())
	return b
}

// account counts what a Decode or Expire call did. Any template change
// marks the state for saving, expiry included: expired templates must not
// come back after a restart.
func (w *worker) account(ctx context.Context, stats *decoder.Stats) {
	w.tel.decoded(ctx, stats)
	w.dirty = w.dirty || stats.TemplatesChanged
}

// Housekeeping implements udpingest.Decoder.
func (w *worker) Housekeeping(ctx context.Context, now time.Time) {
	stats := w.dec.Expire(now)
	w.account(ctx, &stats)
	w.tel.publishGauges(w.id, w.dec.Gauges())
	if w.store == nil {
		return
	}
	if since := now.Sub(w.saved); (w.dirty && since >= saveInterval) || since >= periodicSave {
		w.store.report(w.id, w.dec.SaveState())
		w.dirty = false
		w.saved = now
	}
}
