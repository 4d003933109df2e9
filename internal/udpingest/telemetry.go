// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package udpingest // import "github.com/otelcol-flows/otelcol-flows/internal/udpingest"

import (
	"context"
	"time"
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
