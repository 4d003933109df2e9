// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver // import "github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver"

import (
	"context"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/otelcol-flows/otelcol-flows/internal/udpingest"
	"github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver/internal/decoder"
	"github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver/internal/metadata"
)

// receiverTelemetry records the receiver's metrics with attribute sets
// built once, so that the hot path does not allocate. Every point carries
// the receiver's ID ("receiver", as the obsreport metrics do): a
// distribution typically runs two instances (ipfix and ipfix/netflow),
// and the collector's Prometheus endpoint would otherwise merge them.
type receiverTelemetry struct {
	tb         *metadata.TelemetryBuilder
	self       metric.MeasurementOption
	dropReason [decoder.NumDropReasons]metric.AddOption
	ingestDrop [udpingest.NumDropReasons]metric.AddOption
	gauges     []workerGauges
	receiverKV attribute.KeyValue
}

// workerGauges is the last decoder.Gauges a worker published; the async
// gauges sum it over workers when the meter collects.
type workerGauges struct {
	exporters, templates, pending atomic.Int64
}

func newReceiverTelemetry(tb *metadata.TelemetryBuilder, id component.ID, workers int) *receiverTelemetry {
	t := &receiverTelemetry{
		tb:         tb,
		receiverKV: attribute.String("receiver", id.String()),
		gauges:     make([]workerGauges, workers),
	}
	t.self = metric.WithAttributeSet(attribute.NewSet(t.receiverKV))
	for r := range udpingest.NumDropReasons {
		t.ingestDrop[r] = t.reasonOption(r.String())
	}
	for r := range decoder.NumDropReasons {
		t.dropReason[r] = t.reasonOption(r.String())
	}
	return t
}

func (t *receiverTelemetry) reasonOption(reason string) metric.AddOption {
	return metric.WithAttributeSet(attribute.NewSet(t.receiverKV, attribute.String("reason", reason)))
}

// registerGauges installs the callbacks of the async instruments; the
// TelemetryBuilder's Shutdown removes them.
func (t *receiverTelemetry) registerGauges(kernelDrops func() int64) error {
	sum := func(get func(*workerGauges) int64) metric.Int64Callback {
		return func(_ context.Context, o metric.Int64Observer) error {
			var total int64
			for i := range t.gauges {
				total += get(&t.gauges[i])
			}
			o.Observe(total, t.self)
			return nil
		}
	}
	if err := t.tb.RegisterReceiverIpfixExportersCallback(sum(func(w *workerGauges) int64 { return w.exporters.Load() })); err != nil {
		return err
	}
	if err := t.tb.RegisterReceiverIpfixTemplatesCallback(sum(func(w *workerGauges) int64 { return w.templates.Load() })); err != nil {
		return err
	}
	if err := t.tb.RegisterReceiverIpfixPendingRecordsCallback(sum(func(w *workerGauges) int64 { return w.pending.Load() })); err != nil {
		return err
	}
	return t.tb.RegisterReceiverIpfixKernelDropsCallback(func(_ context.Context, o metric.Int64Observer) error {
		o.Observe(kernelDrops(), t.self)
		return nil
	})
}

var _ udpingest.Telemetry = (*receiverTelemetry)(nil)

// DatagramsReceived implements udpingest.Telemetry.
func (t *receiverTelemetry) DatagramsReceived(ctx context.Context, packets, bytes int) {
	t.tb.ReceiverIpfixPacketsReceived.Add(ctx, int64(packets), t.self)
	t.tb.ReceiverIpfixBytesReceived.Add(ctx, int64(bytes), t.self)
}

// DatagramDropped implements udpingest.Telemetry.
func (t *receiverTelemetry) DatagramDropped(ctx context.Context, reason udpingest.DropReason) {
	t.tb.ReceiverIpfixPacketsDropped.Add(ctx, 1, t.ingestDrop[reason])
}

func (t *receiverTelemetry) decodeError(ctx context.Context) {
	t.tb.ReceiverIpfixDecodeErrors.Add(ctx, 1, t.self)
}

func (t *receiverTelemetry) decoded(ctx context.Context, s *decoder.Stats) {
	if s.Records > 0 {
		t.tb.ReceiverIpfixRecordsReceived.Add(ctx, int64(s.Records), t.self)
	}
	for r, n := range s.Dropped {
		if n > 0 {
			t.tb.ReceiverIpfixRecordsDropped.Add(ctx, int64(n), t.dropReason[r])
		}
	}
	if s.LostRecords > 0 {
		t.tb.ReceiverIpfixRecordsLost.Add(ctx, s.LostRecords, t.self)
	}
	if s.SequenceResets > 0 {
		t.tb.ReceiverIpfixSequenceResets.Add(ctx, int64(s.SequenceResets), t.self)
	}
}

func (t *receiverTelemetry) publishGauges(worker int, s decoder.Gauges) {
	ws := &t.gauges[worker]
	ws.exporters.Store(int64(s.Exporters))
	ws.templates.Store(int64(s.Templates))
	ws.pending.Store(int64(s.PendingRecords))
}

// ConsumerBlocked implements udpingest.Telemetry.
func (t *receiverTelemetry) ConsumerBlocked(ctx context.Context, d time.Duration) {
	t.tb.ReceiverIpfixConsumerBlockedTime.Add(ctx, d.Seconds(), t.self)
}

// ConsumerRetry implements udpingest.Telemetry.
func (t *receiverTelemetry) ConsumerRetry(ctx context.Context) {
	t.tb.ReceiverIpfixConsumerRetries.Add(ctx, 1, t.self)
}
