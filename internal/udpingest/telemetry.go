// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package udpingest // import "github.com/otelcol-flows/otelcol-flows/internal/udpingest"

import (
	"context"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

// DropReason says why a datagram was dropped before decoding.
type DropReason int

const (
	// NotAllowed: the source is not in allowed_exporters.
	NotAllowed DropReason = iota
	// QueueFull: the worker that owns the source is behind.
	QueueFull
	// NumDropReasons sizes arrays indexed by DropReason.
	NumDropReasons
)

// String is the value of the "reason" attribute.
func (r DropReason) String() string {
	switch r {
	case NotAllowed:
		return "not_allowed"
	case QueueFull:
		return "queue_full"
	}
	return "unknown"
}

// Telemetry is what the ingest stages count. Each receiver implements it
// with its own mdatagen instruments; implementations must not allocate,
// the readers call them per batch of datagrams.
type Telemetry interface {
	// DatagramsReceived counts what one read returned.
	DatagramsReceived(ctx context.Context, datagrams, bytes int)
	// DatagramDropped counts one datagram dropped before decoding.
	DatagramDropped(ctx context.Context, reason DropReason)
	// ConsumerBlocked adds the time a worker waited for its sender.
	ConsumerBlocked(ctx context.Context, d time.Duration)
	// ConsumerRetry counts one more offer after a non-permanent error.
	ConsumerRetry(ctx context.Context)
}

// MetricAttributes are the attribute sets of a receiver's metrics, built
// once so that the hot path does not allocate. Every point carries the
// receiver's ID ("receiver", as the obsreport metrics do): a distribution
// typically runs two instances of a receiver (ipfix and ipfix/netflow), and
// the collector's Prometheus endpoint would otherwise merge them.
type MetricAttributes struct {
	// Self is the receiver's ID alone.
	Self metric.MeasurementOption
	// IngestDrop is the ID with each DropReason as "reason".
	IngestDrop [NumDropReasons]metric.AddOption
	receiver   attribute.KeyValue
}

func NewMetricAttributes(id component.ID) MetricAttributes {
	a := MetricAttributes{receiver: attribute.String("receiver", id.String())}
	a.Self = metric.WithAttributeSet(attribute.NewSet(a.receiver))
	for r := range NumDropReasons {
		a.IngestDrop[r] = a.With("reason", r.String())
	}
	return a
}

// With is the receiver's ID and one more attribute.
func (a *MetricAttributes) With(key, value string) metric.AddOption {
	return metric.WithAttributeSet(attribute.NewSet(a.receiver, attribute.String(key, value)))
}

// Gauge is the callback of an async instrument that observes get() under
// the receiver's ID.
func (a *MetricAttributes) Gauge(get func() int64) metric.Int64Callback {
	return func(_ context.Context, o metric.Int64Observer) error {
		o.Observe(get(), a.Self)
		return nil
	}
}
