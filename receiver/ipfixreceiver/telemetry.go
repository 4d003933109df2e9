// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver // import "github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver"

import (
	"context"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/otel/metric"

	"github.com/otelcol-flows/otelcol-flows/internal/udpingest"
	"github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver/internal/decoder"
	"github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver/internal/metadata"
)

// receiverTelemetry records the receiver's metrics with the attribute sets
// of udpingest.MetricAttributes and the decoder's drop reasons.
type receiverTelemetry struct {
	udpingest.MetricAttributes
	tb         *metadata.TelemetryBuilder
	dropReason [decoder.NumDropReasons]metric.AddOption
	gauges     []workerGauges
}

// workerGauges is the last decoder.Gauges a worker published; the async
// gauges sum it over workers when the meter collects.
type workerGauges struct {
	exporters, templates, pending atomic.Int64
}

func newReceiverTelemetry(tb *metadata.TelemetryBuilder, id component.ID, workers int) *receiverTelemetry {
	t := &receiverTelemetry{
		MetricAttributes: udpingest.NewMetricAttributes(id),
		tb:               tb,
		gauges:           make([]workerGauges, workers),
	}
	for r := range decoder.NumDropReasons {
		t.dropReason[r] = t.With("reason", r.String())
	}
	return t
}

// registerGauges installs the callbacks of the async instruments; the
// TelemetryBuilder's Shutdown removes them.
func (t *receiverTelemetry) registerGauges(kernelDrops func() int64) error {
	sum := func(get func(*workerGauges) int64) metric.Int64Callback {
		return t.Gauge(func() int64 {
			var total int64
			for i := range t.gauges {
				total += get(&t.gauges[i])
			}
			return total
		})
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
	return t.tb.RegisterReceiverIpfixKernelDropsCallback(t.Gauge(kernelDrops))
}

var _ udpingest.Telemetry = (*receiverTelemetry)(nil)

// DatagramsReceived implements udpingest.Telemetry.
func (t *receiverTelemetry) DatagramsReceived(ctx context.Context, packets, bytes int) {
	t.tb.ReceiverIpfixPacketsReceived.Add(ctx, int64(packets), t.Self)
	t.tb.ReceiverIpfixBytesReceived.Add(ctx, int64(bytes), t.Self)
}

// DatagramDropped implements udpingest.Telemetry.
func (t *receiverTelemetry) DatagramDropped(ctx context.Context, reason udpingest.DropReason) {
	t.tb.ReceiverIpfixPacketsDropped.Add(ctx, 1, t.IngestDrop[reason])
}

func (t *receiverTelemetry) decodeError(ctx context.Context) {
	t.tb.ReceiverIpfixDecodeErrors.Add(ctx, 1, t.Self)
}

func (t *receiverTelemetry) decoded(ctx context.Context, s *decoder.Stats) {
	if s.Records > 0 {
		t.tb.ReceiverIpfixRecordsReceived.Add(ctx, int64(s.Records), t.Self)
	}
	for r, n := range s.Dropped {
		if n > 0 {
			t.tb.ReceiverIpfixRecordsDropped.Add(ctx, int64(n), t.dropReason[r])
		}
	}
	if s.LostRecords > 0 {
		t.tb.ReceiverIpfixRecordsLost.Add(ctx, s.LostRecords, t.Self)
	}
	if s.SequenceResets > 0 {
		t.tb.ReceiverIpfixSequenceResets.Add(ctx, int64(s.SequenceResets), t.Self)
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
	t.tb.ReceiverIpfixConsumerBlockedTime.Add(ctx, d.Seconds(), t.Self)
}

// ConsumerRetry implements udpingest.Telemetry.
func (t *receiverTelemetry) ConsumerRetry(ctx context.Context) {
	t.tb.ReceiverIpfixConsumerRetries.Add(ctx, 1, t.Self)
}
