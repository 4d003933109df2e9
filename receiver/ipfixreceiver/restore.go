// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver // import "github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver"

import (
	"context"
	"errors"
	"net"

	"go.opentelemetry.io/collector/component"
	"go.uber.org/zap"
)

// restoreState opens the storage client, gives each worker its stored
// templates and options state, and starts the state writer.
func (r *ipfixReceiver) restoreState(ctx context.Context, host component.Host) error {
	store, err := openStateStore(ctx, host, *r.cfg.Storage, r.set.ID, r.set.Logger)
	if err != nil {
		return err
	}
	r.state = store
	blobs, err := store.load(ctx)
	if err != nil {
		// Unreadable state costs a template refresh, not the receiver.
		r.set.Logger.Warn("cannot load stored templates; waiting for exporters to resend them", zap.Error(err))
	}
	r.applyState(blobs)
	return store.start(context.WithoutCancel(ctx), len(r.workers))
}

// applyState gives blob i to worker i. Blobs written with another worker
// count hold exporters that now hash to other workers, and
// decoder.RestoreState replaces a Decoder's state rather than adding to
// it, so they cannot be split up: they are skipped with a warning.
func (r *ipfixReceiver) applyState(blobs [][]byte) {
	switch {
	case len(blobs) == 0:
		return
	case len(blobs) == len(r.workers):
		for i, w := range r.workers {
			r.restoreWorker(w, blobs[i])
		}
	default:
		r.set.Logger.Warn("stored templates were written with another worker count; waiting for exporters to resend them",
			zap.Int("stored_workers", len(blobs)), zap.Int("workers", len(r.workers)))
	}
}

func (r *ipfixReceiver) restoreWorker(w *worker, blob []byte) {
	if len(blob) == 0 {
		return
	}
	if err := w.dec.RestoreState(blob); err != nil {
		r.set.Logger.Warn("cannot restore stored templates", zap.Int("worker", w.id), zap.Error(err))
		return
	}
	r.tel.publishState(w.id, w.dec.State())
}

func ignoreClosed(err error) error {
	if errors.Is(err, net.ErrClosed) {
		return nil
	}
	return err
}

func zapError(err error) zap.Field { return zap.Error(err) }
