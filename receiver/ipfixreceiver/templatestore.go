// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver // import "github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver"

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"sync"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/extension/xextension/storage"
	"go.uber.org/zap"

	"github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver/internal/decoder"
)

// Storage layout: one versioned document (decoder.EncodeState) under stateKey
// with every worker's exporters. It is read once at start and split over the
// workers by shardOf, so the worker count may change between runs. Receivers
// before state version 3 stored one blob per worker under "state/<i>" and
// their count under "workers": that layout is read when the document is
// missing, then rewritten as the document and deleted.
const (
	stateKey         = "state"
	legacyWorkersKey = "workers"
)

// templateStore owns the persisted templates and options state. Workers
// report a copy of their decoder's state; one goroutine encodes the latest
// copies as one document and writes it, so storage latency never reaches the
// decoding path.
type templateStore struct {
	client storage.Client
	logger *zap.Logger
	mu     sync.Mutex
	parts  []*decoder.SavedState // each worker's latest report
	wake   chan struct{}         // closed by close
	wg     sync.WaitGroup
}

func openTemplateStore(ctx context.Context, host component.Host, storageID, self component.ID, logger *zap.Logger) (*templateStore, error) {
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
	return &templateStore{client: client, logger: logger, wake: make(chan struct{}, 1)}, nil
}

// restore merges into each decoder the stored exporters shardOf gives it,
// rewrites an older layout as the document, and starts the writer.
// Unreadable state costs a template refresh, not the receiver.
func (s *templateStore) restore(ctx context.Context, decs []*decoder.Decoder) error {
	states, legacyKeys, err := s.load(ctx)
	if err != nil {
		s.logger.Warn("cannot load stored templates; waiting for exporters to resend them", zap.Error(err))
	}
	s.parts = make([]*decoder.SavedState, len(decs))
	for i, d := range decs {
		owns := func(a netip.Addr) bool { return shardOf(a, len(decs)) == i }
		for _, st := range states {
			d.MergeState(st, owns)
		}
		s.parts[i] = d.SaveState()
	}
	ctx = context.WithoutCancel(ctx) // the writer outlives Start's context
	if len(legacyKeys) > 0 {
		if err := s.migrate(ctx, legacyKeys); err != nil {
			return err
		}
		s.logger.Info("stored templates rewritten as one document", zap.Int("stored_workers", len(legacyKeys)-1))
	}
	s.wg.Go(func() {
		for range s.wake {
			if err := s.write(ctx); err != nil {
				s.logger.Warn("cannot save decoder state", zap.Error(err))
			}
		}
	})
	return nil
}

// load reads the document, or the blobs of an older receiver with the keys
// to delete once they are rewritten.
func (s *templateStore) load(ctx context.Context) ([]*decoder.SavedState, []string, error) {
	doc, err := s.client.Get(ctx, stateKey)
	switch {
	case err != nil:
		return nil, nil, err
	case doc == nil:
		return s.loadLegacy(ctx)
	}
	st, err := decoder.ParseState(doc)
	if err != nil {
		return nil, nil, err
	}
	return []*decoder.SavedState{st}, nil, nil
}

func (s *templateStore) loadLegacy(ctx context.Context) ([]*decoder.SavedState, []string, error) {
	raw, err := s.client.Get(ctx, legacyWorkersKey)
	if err != nil || raw == nil {
		return nil, nil, err
	}
	keys := []string{legacyWorkersKey}
	n, err := strconv.Atoi(string(raw))
	if err != nil || n < 1 || n > 1<<16 {
		return nil, keys, fmt.Errorf("stored worker count %q is invalid", raw)
	}
	ops := make([]*storage.Operation, n)
	for i := range ops {
		ops[i] = storage.GetOperation("state/" + strconv.Itoa(i))
		keys = append(keys, ops[i].Key)
	}
	if err := s.client.Batch(ctx, ops...); err != nil {
		return nil, nil, err
	}
	var states []*decoder.SavedState
	for i, op := range ops {
		if len(op.Value) == 0 {
			continue
		}
		st, err := decoder.ParseState(op.Value)
		if err != nil {
			s.logger.Warn("cannot restore stored templates", zap.Int("stored_worker", i), zap.Error(err))
			continue
		}
		states = append(states, st)
	}
	return states, keys, nil
}

// migrate writes the document and deletes the older layout in one batch,
// which file_storage applies in one transaction.
func (s *templateStore) migrate(ctx context.Context, legacyKeys []string) error {
	doc, err := s.encode()
	if err != nil {
		return err
	}
	ops := []*storage.Operation{storage.SetOperation(stateKey, doc)}
	for _, k := range legacyKeys {
		ops = append(ops, storage.DeleteOperation(k))
	}
	return s.client.Batch(ctx, ops...)
}

// report replaces a worker's part of the document and wakes the writer;
// it never waits for storage. The workers stop before close.
func (s *templateStore) report(worker int, st *decoder.SavedState) {
	s.mu.Lock()
	s.parts[worker] = st
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default: // a write is due already and will take this report
	}
}

func (s *templateStore) encode() ([]byte, error) {
	s.mu.Lock()
	parts := slices.Clone(s.parts)
	s.mu.Unlock()
	return decoder.EncodeState(parts...)
}

func (s *templateStore) write(ctx context.Context) error {
	doc, err := s.encode()
	if err == nil {
		err = s.client.Set(ctx, stateKey, doc)
	}
	return err
}

// close stops the writer, writes the stopped decoders' state and closes the
// client. Without a restore (Start failed before it) nothing is written.
func (s *templateStore) close(ctx context.Context, decs []*decoder.Decoder) error {
	close(s.wake)
	s.wg.Wait()
	var err error
	if s.parts != nil {
		for i, d := range decs {
			s.parts[i] = d.SaveState()
		}
		err = s.write(ctx)
	}
	return errors.Join(err, s.client.Close(ctx))
}
