// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver // import "github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver"

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/extension/xextension/storage"
	"go.uber.org/zap"
)

// Storage layout: one blob per worker under "state/<i>", and the worker
// count under "workers". Exporters are sharded to workers by a stable hash
// of their address; on restore every blob is merged into every worker,
// which keeps the exporters that hash to it, so a changed worker count
// loses nothing (see applyState and layoutOps).
const (
	workersKey     = "workers"
	stateKeyPrefix = "state/"
)

// stateStore persists decoder state through a storage extension. Workers
// offer snapshots; one goroutine writes them, so storage latency never
// reaches the decoding path.
type stateStore struct {
	client storage.Client
	logger *zap.Logger
	saves  chan stateSnapshot
	wg     sync.WaitGroup
}

type stateSnapshot struct {
	worker int
	blob   []byte
}

func openStateStore(ctx context.Context, host component.Host, storageID, self component.ID, logger *zap.Logger) (*stateStore, error) {
	ext, ok := host.GetExtensions()[storageID]
	if !ok {
		return nil, fmt.Errorf("storage extension %q not found", storageID)
	}
	se, ok := ext.(storage.Extension)
	if !ok {
		return nil, fmt.Errorf("extension %q is not a storage extension", storageID)
	}
	client, err := se.GetClient(ctx, component.KindReceiver, self, "templates")
	if err != nil {
		return nil, fmt.Errorf("get storage client from %q: %w", storageID, err)
	}
	return &stateStore{client: client, logger: logger, saves: make(chan stateSnapshot, 16)}, nil
}

func stateKey(worker int) string { return stateKeyPrefix + strconv.Itoa(worker) }

// load returns the stored blobs and the worker count they were written by.
func (s *stateStore) load(ctx context.Context) ([][]byte, error) {
	raw, err := s.client.Get(ctx, workersKey)
	if err != nil || raw == nil {
		return nil, err
	}
	n, err := strconv.Atoi(string(raw))
	if err != nil || n < 1 || n > 1<<16 {
		return nil, fmt.Errorf("stored worker count %q is invalid", raw)
	}
	ops := make([]*storage.Operation, n)
	for i := range ops {
		ops[i] = storage.GetOperation(stateKey(i))
	}
	if err := s.client.Batch(ctx, ops...); err != nil {
		return nil, err
	}
	blobs := make([][]byte, n)
	for i, op := range ops {
		blobs[i] = op.Value
	}
	return blobs, nil
}

// start records the worker count and launches the writer; offer feeds it
// until close. After a change of worker count, resharded holds every
// worker's state and replaces the stored blobs (see layoutOps).
func (s *stateStore) start(ctx context.Context, workers, stored int, resharded [][]byte) error {
	if err := s.client.Batch(ctx, layoutOps(workers, stored, resharded)...); err != nil {
		return err
	}
	s.wg.Go(func() {
		for snap := range s.saves {
			if err := s.client.Set(ctx, stateKey(snap.worker), snap.blob); err != nil {
				s.logger.Warn("cannot save decoder state", zap.Int("worker", snap.worker), zap.Error(err))
			}
		}
	})
	return nil
}

// layoutOps writes the worker count and, after a re-shard, every worker's
// blob, then deletes the blobs of workers that are gone. The re-shard is
// stored at once because a worker's first save would otherwise overwrite a
// blob that still holds other workers' exporters. file_storage applies a
// batch in one transaction. A store without transactions could lose, on a
// crash half-way, the exporters of the blobs already overwritten (until
// they resend their templates); raising the count first and lowering it
// last at least keeps every rewritten blob visible to the next load.
func layoutOps(workers, stored int, resharded [][]byte) []*storage.Operation {
	count := func(n int) *storage.Operation {
		return storage.SetOperation(workersKey, []byte(strconv.Itoa(n)))
	}
	if resharded == nil {
		return []*storage.Operation{count(workers)}
	}
	ops := []*storage.Operation{count(max(workers, stored))}
	for i, blob := range resharded {
		if blob != nil {
			ops = append(ops, storage.SetOperation(stateKey(i), blob))
		}
	}
	ops = append(ops, count(workers))
	for i := workers; i < stored; i++ {
		ops = append(ops, storage.DeleteOperation(stateKey(i)))
	}
	return ops
}

// offer queues a snapshot without blocking; false means try again later.
func (s *stateStore) offer(worker int, blob []byte) bool {
	select {
	case s.saves <- stateSnapshot{worker: worker, blob: blob}:
		return true
	default:
		return false
	}
}

// close stops the writer, stores the final snapshots and closes the client.
func (s *stateStore) close(ctx context.Context, final [][]byte) error {
	close(s.saves)
	s.wg.Wait()
	var errs []error
	for i, blob := range final {
		if blob != nil {
			errs = append(errs, s.client.Set(ctx, stateKey(i), blob))
		}
	}
	return errors.Join(append(errs, s.client.Close(ctx))...)
}
