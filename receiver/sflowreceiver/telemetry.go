// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package sflowreceiver // import "github.com/otelcol-flows/otelcol-flows/receiver/sflowreceiver"

import (
	"context"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/otelcol-flows/otelcol-flows/internal/udpingest"
	"github.com/otelcol-flows/otelcol-flows/receiver/sflowreceiver/internal/decoder"
	"github.com/otelcol-flows/otelcol-flows/receiver/sflowreceiver/internal/metadata"
)

// receiverTelemetry records the receiver's metrics with attribute sets
// built once, so that the hot path does not allocate. Every point carries
// the receiver's ID, as the obsreport metrics do.
type receiverTelemetry struct {
	tb           *metadata.TelemetryBuilder
	self         metric.MeasurementOption
	ingestDrop   [udpingest.NumDropReasons]metric.AddOption
	decodeDrop   [decoder.NumReasons]metric.AddOption
	skippedKind  [2]metric.AddOption // sample, record
	workerAgents []atomic.Int64
}

var _ udpingest.Telemetry = (*receiverTelemetry)(nil)

func newReceiverTelemetry(tb *metadata.TelemetryBuilder, id component.ID, workers int) *receiverTelemetry {
	kv := attribute.String("receiver", id.String())
	t := &receiverTelemetry{tb: tb, self: metric.WithAttributeSet(attribute.NewSet(kv)), workerAgents: make([]atomic.Int64, workers)}
	with := func(k, v string) metric.AddOption {
		return metric.WithAttributeSet(attribute.NewSet(kv, attribute.String(k, v)))
	}
	for r := range udpingest.NumDropReasons {
		t.ingestDrop[r] = with("reason", r.String())
	}
	for r := range decoder.NumReasons {
		t.decodeDrop[r] = with("reason", r.String())
	}
	t.skippedKind = [2]metric.AddOption{with("kind", "sample"), with("kind", "record")}
	return t
}

// registerGauges installs the callbacks of the async instruments; the
// TelemetryBuilder's Shutdown removes them.
func (t *receiverTelemetry) registerGauges(kernelDrops func() int64) error {
	err := t.tb.RegisterReceiverSflowAgentsCallback(func(_ context.Context, o metric.Int64Observer) error {
		var total int64
		for i := range t.workerAgents {
			total += t.workerAgents[i].Load()
		}
		o.Observe(total, t.self)
		return nil
	})
	if err != nil {
		return err
	}
	return t.tb.RegisterReceiverSflowKernelDropsCallback(func(_ context.Context, o metric.Int64Observer) error {
		o.Observe(kernelDrops(), t.self)
		return nil
	})
}

// DatagramsReceived implements udpingest.Telemetry.
func (t *receiverTelemetry) DatagramsReceived(ctx context.Context, datagrams, bytes int) {
	t.tb.ReceiverSflowDatagramsReceived.Add(ctx, int64(datagrams), t.self)
	t.tb.ReceiverSflowBytesReceived.Add(ctx, int64(bytes), t.self)
}

// DatagramDropped implements udpingest.Telemetry.
func (t *receiverTelemetry) DatagramDropped(ctx context.Context, reason udpingest.DropReason) {
	t.tb.ReceiverSflowDatagramsDropped.Add(ctx, 1, t.ingestDrop[reason])
}

// ConsumerBlocked implements udpingest.Telemetry.
func (t *receiverTelemetry) ConsumerBlocked(ctx context.Context, d time.Duration) {
	t.tb.ReceiverSflowConsumerBlockedTime.Add(ctx, d.Seconds(), t.self)
}

// ConsumerRetry implements udpingest.Telemetry.
func (t *receiverTelemetry) ConsumerRetry(ctx context.Context) {
	t.tb.ReceiverSflowConsumerRetries.Add(ctx, 1, t.self)
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
	add(t.tb.ReceiverSflowFlowSamples, int64(s.FlowSamples), t.self)
	add(t.tb.ReceiverSflowCounterSamples, int64(s.CounterSamples), t.self)
	add(t.tb.ReceiverSflowSkipped, int64(s.UnknownSamples), t.skippedKind[0])
	add(t.tb.ReceiverSflowSkipped, int64(s.UnknownRecords), t.skippedKind[1])
	add(t.tb.ReceiverSflowSamplesLost, s.LostSamples, t.self)
	add(t.tb.ReceiverSflowDatagramsLost, s.LostDatagrams, t.self)
	add(t.tb.ReceiverSflowSequenceResets, int64(s.SequenceResets), t.self)
}

func (t *receiverTelemetry) publishState(worker int, s decoder.State) {
	t.workerAgents[worker].Store(int64(s.Agents))
}
