// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package sflowreceiver // import "github.com/otelcol-flows/otelcol-flows/receiver/sflowreceiver"

import (
	"context"
	"time"

	"go.uber.org/zap"

	"github.com/otelcol-flows/otelcol-flows/internal/ratelog"
	"github.com/otelcol-flows/otelcol-flows/internal/udpingest"
	"github.com/otelcol-flows/otelcol-flows/receiver/sflowreceiver/internal/decoder"
)

// housekeepingInterval is how often idle agents are expired and the
// agents gauge refreshed.
const housekeepingInterval = 10 * time.Second

// batch is a worker's output: the log records of flow samples and the
// metrics of counter samples.
type batch struct {
	logs    udpingest.LogsBatch
	metrics udpingest.MetricsBatch
}

// worker is the sFlow part of one udpingest.Worker: one Decoder and one
// Batch. Agents are sharded to workers by address, so it needs no locks.
type worker struct {
	id     int
	dec    *decoder.Decoder
	batch  *decoder.Batch
	tel    *receiverTelemetry
	errLog *ratelog.Logger
}

var _ udpingest.Decoder[batch] = (*worker)(nil)

// decoderConfig splits the agent limit over the workers: agents are
// spread by hash, so each worker needs about its share.
func decoderConfig(cfg *Config, workers int) decoder.Config {
	return decoder.Config{
		ScaleBySampling:       cfg.ScaleBySampling,
		MaxAgents:             (cfg.Limits.MaxAgents + workers - 1) / workers,
		MaxSourcesPerAgent:    cfg.Limits.MaxSourcesPerAgent,
		MaxSamplesPerDatagram: cfg.Limits.MaxSamplesPerDatagram,
		MaxRecordsPerSample:   cfg.Limits.MaxRecordsPerSample,
		AgentTimeout:          cfg.Limits.AgentTimeout,
	}
}

// Decode implements udpingest.Decoder.
func (w *worker) Decode(ctx context.Context, d *udpingest.Datagram) {
	stats, err := w.dec.Decode(decoder.Datagram{Exporter: d.From, Received: d.Received, Data: d.Data}, w.batch)
	w.tel.decoded(ctx, &stats)
	if err != nil {
		w.tel.decodeFailed(ctx, decoder.ReasonOf(err))
		w.errLog.Warn("malformed sFlow datagram", zap.Stringer("exporter", d.From), zap.Error(err))
	}
}

// Len implements udpingest.Decoder.
func (w *worker) Len() int { return w.batch.Len() }

// Take implements udpingest.Decoder.
func (w *worker) Take() batch {
	logs, records, metrics, points := w.batch.Take()
	return batch{
		logs:    udpingest.LogsBatch{Logs: logs, Records: records},
		metrics: udpingest.MetricsBatch{Metrics: metrics, Points: points},
	}
}

// Housekeeping implements udpingest.Decoder.
func (w *worker) Housekeeping(_ context.Context, now time.Time) {
	w.dec.Expire(now)
	w.tel.publishState(w.id, w.dec.State())
}

// sender delivers each half of a batch to its pipeline; a pipeline that
// is not configured gets nothing.
type sender struct {
	logs    *udpingest.BatchSender[udpingest.LogsBatch]
	metrics *udpingest.BatchSender[udpingest.MetricsBatch]
}

// Send implements udpingest.Sender.
func (s *sender) Send(ctx context.Context, b batch) {
	if s.logs != nil && b.logs.Records > 0 {
		s.logs.Send(ctx, b.logs)
	}
	if s.metrics != nil && b.metrics.Points > 0 {
		s.metrics.Send(ctx, b.metrics)
	}
}
