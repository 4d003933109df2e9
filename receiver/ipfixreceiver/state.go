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
// of their address, so with an unchanged worker count blob i belongs to
// worker i again (see applyState for a changed count).
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

// start launches the writer; offer feeds it until close.
func (s *stateStore) start(ctx context.Context, workers int) error {
	if err := s.client.Set(ctx, workersKey, []byte(strconv.Itoa(workers))); err != nil {
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
	if s.saves != nil {
		close(s.saves)
	}
	s.wg.Wait()
	var errs []error
	for i, blob := range final {
		if blob != nil {
			errs = append(errs, s.client.Set(ctx, stateKey(i), blob))
		}
	}
	return errors.Join(append(errs, s.client.Close(ctx))...)
}
