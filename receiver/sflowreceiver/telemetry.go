// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package sflowreceiver // import "github.com/otelcol-flows/otelcol-flows/receiver/sflowreceiver"

import (
	"context"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/otel/metric"

	"github.com/otelcol-flows/otelcol-flows/internal/udpingest"
	"github.com/otelcol-flows/otelcol-flows/receiver/sflowreceiver/internal/decoder"
	"github.com/otelcol-flows/otelcol-flows/receiver/sflowreceiver/internal/metadata"
)

// receiverTelemetry records the receiver's metrics with the attribute sets
// of udpingest.MetricAttributes, the decoder's drop reasons and the kinds of
// what it skipped.
type receiverTelemetry struct {
	udpingest.MetricAttributes
	tb           *metadata.TelemetryBuilder
	decodeDrop   [decoder.NumReasons]metric.AddOption
	skippedKind  [2]metric.AddOption // sample, record
	workerAgents []atomic.Int64
}

var _ udpingest.Telemetry = (*receiverTelemetry)(nil)

func newReceiverTelemetry(tb *metadata.TelemetryBuilder, id component.ID, workers int) *receiverTelemetry {
	t := &receiverTelemetry{MetricAttributes: udpingest.NewMetricAttributes(id), tb: tb, workerAgents: make([]atomic.Int64, workers)}
	for r := range decoder.NumReasons {
		t.decodeDrop[r] = t.With("reason", r.String())
	}
	t.skippedKind = [2]metric.AddOption{t.With("kind", "sample"), t.With("kind", "record")}
	return t
}

// registerGauges installs the callbacks of the async instruments; the
// TelemetryBuilder's Shutdown removes them.
func (t *receiverTelemetry) registerGauges(kernelDrops func() int64) error {
	err := t.tb.RegisterReceiverSflowAgentsCallback(t.Gauge(func() int64 {
		var total int64
		for i := range t.workerAgents {
			total += t.workerAgents[i].Load()
		}
		return total
	}))
	if err != nil {
		return err
	}
	return t.tb.RegisterReceiverSflowKernelDropsCallback(t.Gauge(kernelDrops))
}

// DatagramsReceived implements udpingest.Telemetry.
func (t *receiverTelemetry) DatagramsReceived(ctx context.Context, datagrams, bytes int) {
	t.tb.ReceiverSflowDatagramsReceived.Add(ctx, int64(datagrams), t.Self)
	t.tb.ReceiverSflowBytesReceived.Add(ctx, int64(bytes), t.Self)
}

// DatagramDropped implements udpingest.Telemetry.
func (t *receiverTelemetry) DatagramDropped(ctx context.Context, reason udpingest.DropReason) {
	t.tb.ReceiverSflowDatagramsDropped.Add(ctx, 1, t.IngestDrop[reason])
}

// ConsumerBlocked implements udpingest.Telemetry.
func (t *receiverTelemetry) ConsumerBlocked(ctx context.Context, d time.Duration) {
	t.tb.ReceiverSflowConsumerBlockedTime.Add(ctx, d.Seconds(), t.Self)
}

// ConsumerRetry implements udpingest.Telemetry.
func (t *receiverTelemetry) ConsumerRetry(ctx context.Context) {
	t.tb.ReceiverSflowConsumerRetries.Add(ctx, 1, t.Self)
}

func (t *receiverTelemetry) decodeFailed(ctx context.Context, reason decoder.Reason) {
	t.tb.ReceiverSflowDatagramsDropped.Add(ctx, 1, t.decodeDrop[reason])
}

// decoded counts what one Decode call did.
func (t *receiverTelemetry) decoded(ctx context.Context, s *decoder.Stats) {
	add := func(c metric.Int64Counter, n int64, opt metric.AddOption) {
		if n > 0 {
			c.Add(ctx, n, opt)
		}
	}
	add(t.tb.ReceiverSflowFlowSamples, int64(s.FlowSamples), t.Self)
	add(t.tb.ReceiverSflowCounterSamples, int64(s.CounterSamples), t.Self)
	add(t.tb.ReceiverSflowSkipped, int64(s.UnknownSamples), t.skippedKind[0])
	add(t.tb.ReceiverSflowSkipped, int64(s.UnknownRecords), t.skippedKind[1])
	add(t.tb.ReceiverSflowSamplesLost, s.LostSamples, t.Self)
	add(t.tb.ReceiverSflowDatagramsLost, s.LostDatagrams, t.Self)
	add(t.tb.ReceiverSflowSequenceResets, int64(s.SequenceResets), t.Self)
}

func (t *receiverTelemetry) publishState(worker int, s decoder.State) {
	t.workerAgents[worker].Store(int64(s.Agents))
}
