// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver // import "github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver"

import (
	"context"
	"errors"
	"net"
	"time"

	"go.uber.org/zap"
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
	var errs []error
	for _, c := range r.conns {
		errs = append(errs, ignoreClosed(c.Close()))
	}
	r.readersWG.Wait() // no reader sends to a queue after this
	r.stopInterfaces()
	if r.cancel != nil {
		for _, w := range r.workers {
			close(w.queue)
		}
		errs = append(errs, r.waitWorkers(ctx))
		r.cancel = nil
	}
	if r.state != nil {
		// Saving is worth a few seconds even when the shutdown deadline was
		// spent on a stuck consumer: it spares a template refresh.
		saveCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), finalSaveTimeout)
		errs = append(errs, r.state.close(saveCtx, r.finalState()))
		cancel()
		r.state = nil
	}
	r.tb.Shutdown()
	r.conns = nil
	return errors.Join(errs...)
}

// waitWorkers waits for the final flushes; when ctx expires first (or
// shutdownWait passes, for a ctx without deadline), the consumer calls
// and their retries are cancelled, what they held is counted as refused,
// and the workers are still waited for, so no goroutine outlives Shutdown.
func (r *ipfixReceiver) waitWorkers(ctx context.Context) error {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, r.shutdownWait)
		defer cancel()
	}
	done := make(chan struct{})
	go func() {
		r.workersWG.Wait()
		close(done)
	}()
	select {
	case <-done:
		r.cancel()
		return nil
	case <-ctx.Done():
		r.cancel()
		<-done
		return ctx.Err()
	}
}

// finalState snapshots every decoder; the workers have stopped, so their
// decoders are safe to use from here.
func (r *ipfixReceiver) finalState() [][]byte {
	blobs := make([][]byte, len(r.workers))
	for i, w := range r.workers {
		blob, err := w.dec.MarshalState()
		if err != nil {
			w.errLog.Warn("cannot serialize decoder state", zap.Error(err))
			continue
		}
		blobs[i] = blob
	}
	return blobs
}

func ignoreClosed(err error) error {
	if errors.Is(err, net.ErrClosed) {
		return nil
	}
	return err
}
