// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver // import "github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver"

import (
	"context"
	"time"

	"go.opentelemetry.io/collector/consumer/consumererror"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.uber.org/zap"
)

// The pause before offering a refused batch again doubles from
// firstRetryPause up to maxRetryPause.
const (
	firstRetryPause = 10 * time.Millisecond
	maxRetryPause   = time.Second
)

// outgoingBatch is a finished batch on its way to the next consumer.
type outgoingBatch struct {
	logs    plog.Logs
	records int
}

// consume passes a worker's batches to the next consumer until the worker
// closes its output, counting each batch in the receiver's obsreport
// metrics as accepted or, when the consumer finally refused it, refused.
func (w *worker) consume(ctx context.Context) {
	for b := range w.out {
		opCtx := w.r.obsrecv.StartLogsOp(ctx)
		err := w.deliver(opCtx, b)
		w.r.obsrecv.EndLogsOp(opCtx, dataFormat, b.records, err)
		if err != nil {
			w.sendLog.Warn("next consumer refused flow records", zap.Int("records", b.records), zap.Error(err))
		}
	}
}

// deliver offers b to the next consumer until it is accepted or refused
// for good. A UDP exporter cannot be asked to send again, so the batch is
// the only copy of its flows: a non-permanent error (memory_limiter
// refusing data, a full exporter queue) is retried with a growing pause
// until the batch is accepted, the error becomes permanent, or Shutdown
// stops waiting (ctx). While it retries the worker waits and the packet
// queues fill, so overload is dropped and counted where it arrives
// (queue_full), not after decoding.
func (w *worker) deliver(ctx context.Context, b outgoingBatch) error {
	pause := firstRetryPause
	for {
		err := w.r.next.ConsumeLogs(ctx, b.logs)
		if err == nil || consumererror.IsPermanent(err) {
			return err
		}
		w.r.tel.consumerRetry(ctx)
		w.sendLog.Warn("next consumer refused flow records for now, retrying",
			zap.Int("records", b.records), zap.Duration("pause", pause), zap.Error(err))
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
