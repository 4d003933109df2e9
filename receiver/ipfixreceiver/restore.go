// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver // import "github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver"

import (
	"context"
	"net/netip"

	"go.opentelemetry.io/collector/component"
	"go.uber.org/zap"

	"github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver/internal/decoder"
)

// restoreState opens the storage client, gives each worker the stored
// templates and options state of its exporters, and starts the state
// writer.
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
	var resharded [][]byte
	if len(blobs) > 0 && len(blobs) != len(r.workers) {
		r.set.Logger.Info("stored templates re-sharded to a new worker count",
			zap.Int("stored_workers", len(blobs)), zap.Int("workers", len(r.workers)))
		resharded = r.finalState()
	}
	return store.start(context.WithoutCancel(ctx), len(r.workers), len(blobs), resharded)
}

// applyState merges every stored blob into every worker, each worker
// taking the exporters that shardOf gives it. Blobs written with another
// worker count (or left half-rewritten by a crash during a re-shard) hold
// exporters of several workers; with the same count the filter keeps
// blob i for worker i, so one code path serves both.
func (r *ipfixReceiver) applyState(blobs [][]byte) {
	states := make([]*decoder.SavedState, 0, len(blobs))
	for i, blob := range blobs {
		if len(blob) == 0 {
			continue
		}
		s, err := decoder.ParseState(blob)
		if err != nil {
			r.set.Logger.Warn("cannot restore stored templates", zap.Int("stored_worker", i), zap.Error(err))
			continue
		}
		states = append(states, s)
	}
	if len(states) == 0 {
		return
	}
	n := len(r.workers)
	for _, w := range r.workers {
		owns := func(a netip.Addr) bool { return shardOf(a, n) == w.id }
		for _, s := range states {
			w.dec.MergeState(s, owns)
		}
		r.tel.publishState(w.id, w.dec.State())
	}
}
