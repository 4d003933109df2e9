// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package udpingest // import "github.com/otelcol-flows/otelcol-flows/internal/udpingest"

import (
	"context"
	"time"

	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/consumer/consumererror"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/receiver"
	"go.opentelemetry.io/collector/receiver/receiverhelper"
	"go.uber.org/zap"

	"github.com/otelcol-flows/otelcol-flows/internal/loadsignal"
	"github.com/otelcol-flows/otelcol-flows/internal/ratelog"
)

// The pause before offering a refused batch again doubles from
// firstRetryPause up to maxRetryPause.
const (
	firstRetryPause = 10 * time.Millisecond
	maxRetryPause   = time.Second
)

// LogsBatch is a finished batch of log records.
type LogsBatch struct {
	Logs    plog.Logs
	Records int
}

// MetricsBatch is a finished batch of metric data points.
type MetricsBatch struct {
	Metrics pmetric.Metrics
	Points  int
}

// Retrier offers a batch to the next consumer until it is accepted or
// refused for good. A UDP exporter cannot be asked to send again, so the
// batch is the only copy of its flows: a non-permanent error
// (memory_limiter refusing data, a full exporter queue) is retried with a
// growing pause until the batch is accepted, the error becomes permanent,
// or shutdown stops waiting (ctx). While it retries the worker waits and
// the queues fill, so overload is dropped and counted where it arrives
// (queue_full), not after decoding.
type Retrier struct {
	Telemetry Telemetry
	Log       *ratelog.Logger
	// Load is marked at every refusal (nil marks nothing): a memory_limiter
	// that refuses is a pipeline falling behind.
	Load *loadsignal.Signal
}

// Do calls consume until it succeeds, fails permanently or ctx ends.
func (r *Retrier) Do(ctx context.Context, items int, consume func(context.Context) error) error {
	pause := firstRetryPause
	for {
		err := consume(ctx)
		if err == nil || consumererror.IsPermanent(err) {
			return err
		}
		r.Telemetry.ConsumerRetry(ctx)
		if r.Load != nil {
			r.Load.Mark(time.Now())
		}
		r.Log.Warn("next consumer refused flow data for now, retrying",
			zap.Int("items", items), zap.Duration("pause", pause), zap.Error(err))
		timer := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			timer.Stop()
			return err
		case <-timer.C:
		}
		pause = min(2*pause, maxRetryPause)
	}
}

// NewObsReport returns the obsreport of a UDP flow receiver: transport
// udp, long-lived context (the workers outlive Start's).
func NewObsReport(set receiver.Settings) (*receiverhelper.ObsReport, error) {
	return receiverhelper.NewObsReport(receiverhelper.ObsReportSettings{
		ReceiverID:             set.ID,
		Transport:              "udp",
		LongLivedCtx:           true,
		ReceiverCreateSettings: set,
	})
}

// deliver is Do, logging a final refusal.
func (r *Retrier) deliver(ctx context.Context, items int, what string, consume func(context.Context) error) error {
	err := r.Do(ctx, items, consume)
	if err != nil {
		r.Log.Warn("next consumer refused "+what, zap.Int("items", items), zap.Error(err))
	}
	return err
}

// LogsSender delivers log batches with retries, counting each batch in
// the receiver's obsreport metrics as accepted or, when the consumer
// finally refused it, refused.
type LogsSender struct {
	Next    consumer.Logs
	Obs     *receiverhelper.ObsReport
	Format  string
	Retrier *Retrier
}

// Send implements Sender.
func (s *LogsSender) Send(ctx context.Context, b LogsBatch) {
	opCtx := s.Obs.StartLogsOp(ctx)
	err := s.Retrier.deliver(opCtx, b.Records, "flow records", func(ctx context.Context) error { return s.Next.ConsumeLogs(ctx, b.Logs) })
	s.Obs.EndLogsOp(opCtx, s.Format, b.Records, err)
}

// MetricsSender is LogsSender for metrics.
type MetricsSender struct {
	Next    consumer.Metrics
	Obs     *receiverhelper.ObsReport
	Format  string
	Retrier *Retrier
}

// Send implements Sender.
func (s *MetricsSender) Send(ctx context.Context, b MetricsBatch) {
	opCtx := s.Obs.StartMetricsOp(ctx)
	err := s.Retrier.deliver(opCtx, b.Points, "metric points", func(ctx context.Context) error { return s.Next.ConsumeMetrics(ctx, b.Metrics) })
	s.Obs.EndMetricsOp(opCtx, s.Format, b.Points, err)
}
