// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver // import "github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver"

import (
	"context"
	"errors"
	"time"

	"github.com/otelcol-flows/otelcol-flows/internal/udpingest"
)

const (
	finalSaveTimeout = 5 * time.Second
	// defaultShutdownWait is how long Shutdown waits for the workers' last
	// batches when its context has no deadline, as the collector's is not:
	// a consumer that keeps refusing them (retried) or never returns must
	// not hold the process, and systemd's TimeoutStopSec is 30 s.
	defaultShutdownWait = 10 * time.Second
)

// Shutdown closes the sockets, lets the workers decode what is queued and
// flush their batches to the consumer, saves the decoder state and waits
// for every goroutine. It works without Start and more than once.
func (r *ipfixReceiver) Shutdown(ctx context.Context) error {
	r.shutdownMux.Lock()
	defer r.shutdownMux.Unlock()
	errs := []error{udpingest.Stop(ctx, r.ingest, r.pool, r.shutdownWait)}
	r.ingest, r.pool = nil, nil
	r.stopInterfaces()
	if r.store != nil {
		// Saving is worth a few seconds even when the shutdown deadline was
		// spent on a stuck consumer: it spares a template refresh. The
		// workers have stopped, so their decoders are safe to read.
		saveCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), finalSaveTimeout)
		errs = append(errs, r.store.close(saveCtx, r.decoders()))
		cancel()
		r.store = nil
	}
	r.tb.Shutdown()
	r.conns = nil
	return errors.Join(errs...)
}
