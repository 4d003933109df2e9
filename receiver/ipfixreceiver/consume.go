// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver // import "github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver"

import (
	"context"

	"go.opentelemetry.io/collector/pdata/plog"
	"go.uber.org/zap"
)

// outgoingBatch is a finished batch on its way to the next consumer.
type outgoingBatch struct {
	logs    plog.Logs
	records int
}

// consume passes a worker's batches to the next consumer until the worker
// closes its output. A consumer error is counted (refused or failed
// records in the receiver's obsreport metrics) and the batch is not
// retried: retries belong to the exporters' sending queues, and a UDP
// receiver that retried would stop reading.
func (w *worker) consume(ctx context.Context) {
	for b := range w.out {
		opCtx := w.r.obsrecv.StartLogsOp(ctx)
		err := w.r.next.ConsumeLogs(opCtx, b.logs)
		w.r.obsrecv.EndLogsOp(opCtx, dataFormat, b.records, err)
		if err != nil {
			w.sendLog.Warn("next consumer refused flow records", zap.Int("records", b.records), zap.Error(err))
		}
	}
}
