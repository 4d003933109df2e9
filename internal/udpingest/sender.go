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

// NewDelivery returns a UDP flow receiver's Delivery: its obsreport
// (transport udp, and a long-lived context because a datagram has no
// request of its own to follow) and a Retrier that marks the shared load
// signal at every refusal.
func NewDelivery(set receiver.Settings, format string, tel Telemetry, log *ratelog.Logger) (Delivery, error) {
	obs, err := receiverhelper.NewObsReport(receiverhelper.ObsReportSettings{
		ReceiverID:             set.ID,
		Transport:              "udp",
		LongLivedCtx:           true,
		ReceiverCreateSettings: set,
	})
	return Delivery{Obs: obs, Format: format, Retrier: &Retrier{Telemetry: tel, Log: log, Load: loadsignal.Default}}, err
}

// deliver is Do, logging a final refusal.
func (r *Retrier) deliver(ctx context.Context, items int, what string, consume func(context.Context) error) error {
	err := r.Do(ctx, items, consume)
	if err != nil {
		r.Log.Warn("next consumer refused "+what, zap.Int("items", items), zap.Error(err))
	}
	return err
}

// Delivery is what a sender adds to its consumer: the Retrier, and the
// receiver's obsreport, which counts each batch as accepted or, when the
// consumer finally refused it, refused.
type Delivery struct {
	Obs     *receiverhelper.ObsReport
	Format  string
	Retrier *Retrier
}

// batch is a finished batch of one signal, as a BatchSender counts it.
type batch interface {
	items() int
	what() string // the items, for the log line of a refusal
}

func (b LogsBatch) items() int    { return b.Records }
func (LogsBatch) what() string    { return "flow records" }
func (b MetricsBatch) items() int { return b.Points }
func (MetricsBatch) what() string { return "metric points" }

// BatchSender delivers the batches of one signal; LogsSender and
// MetricsSender fill in the obsreport operation and the consumer.
type BatchSender[B batch] struct {
	Delivery
	start   func(*receiverhelper.ObsReport, context.Context) context.Context
	end     func(*receiverhelper.ObsReport, context.Context, string, int, error)
	consume func(context.Context, B) error
}

// Send implements Sender.
func (s *BatchSender[B]) Send(ctx context.Context, b B) {
	ctx = s.start(s.Obs, ctx)
	n := b.items()
	err := s.Retrier.deliver(ctx, n, b.what(), func(ctx context.Context) error { return s.consume(ctx, b) })
	s.end(s.Obs, ctx, s.Format, n, err)
}

// LogsSender delivers log batches to next.
func LogsSender(d Delivery, next consumer.Logs) *BatchSender[LogsBatch] {
	return &BatchSender[LogsBatch]{Delivery: d, start: (*receiverhelper.ObsReport).StartLogsOp, end: (*receiverhelper.ObsReport).EndLogsOp,
		consume: func(ctx context.Context, b LogsBatch) error { return next.ConsumeLogs(ctx, b.Logs) }}
}

// MetricsSender delivers metric batches to next.
func MetricsSender(d Delivery, next consumer.Metrics) *BatchSender[MetricsBatch] {
	return &BatchSender[MetricsBatch]{Delivery: d, start: (*receiverhelper.ObsReport).StartMetricsOp, end: (*receiverhelper.ObsReport).EndMetricsOp,
		consume: func(ctx context.Context, b MetricsBatch) error { return next.ConsumeMetrics(ctx, b.Metrics) }}
}
