// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package udpingest

import (
	"context"
	"errors"
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"

	"github.com/otelcol-flows/otelcol-flows/internal/loadsignal"
	"github.com/otelcol-flows/otelcol-flows/internal/ratelog"
)

type nopTelemetry struct{}

func (nopTelemetry) DatagramsReceived(context.Context, int, int)    {}
func (nopTelemetry) DatagramDropped(context.Context, DropReason)    {}
func (nopTelemetry) ConsumerBlocked(context.Context, time.Duration) {}
func (nopTelemetry) ConsumerRetry(context.Context)                  {}

// TestWorkerMarksLoadWhenItsQueueIsOverHalfFull: the enrichment gives way
// while a worker's queue holds more than half its capacity, not before.
func TestWorkerMarksLoadWhenItsQueueIsOverHalfFull(t *testing.T) {
	var sig loadsignal.Signal
	queue := make(chan *Datagram, 4)
	w := NewWorker[int](queue, nil, WorkerSettings{Load: &sig})
	at := time.Unix(1767225600, 0)
	d := NewDatagram(netip.MustParseAddrPort("192.0.2.1:2055"), at, nil)
	queue <- d
	queue <- d
	w.markIfBehind(d)
	assert.False(t, sig.Behind(at), "half full is keeping up")
	queue <- d
	w.markIfBehind(d)
	assert.True(t, sig.Behind(at), "three of four queued")
}

// TestRetrierMarksLoadOnRefusal: a refusal (a memory_limiter before the
// enrichment) marks the signal; an accepted batch does not.
func TestRetrierMarksLoadOnRefusal(t *testing.T) {
	var sig loadsignal.Signal
	r := &Retrier{Telemetry: nopTelemetry{}, Log: ratelog.New(zap.NewNop(), time.Minute), Load: &sig}
	require.NoError(t, r.Do(context.Background(), 1, func(context.Context) error { return nil }))
	assert.False(t, sig.Behind(time.Now()))
	refusals := 1
	require.NoError(t, r.Do(context.Background(), 1, func(context.Context) error {
		if refusals > 0 {
			refusals--
			return errors.New("data refused due to high memory usage")
		}
		return nil
	}))
	assert.True(t, sig.Behind(time.Now()))
}
