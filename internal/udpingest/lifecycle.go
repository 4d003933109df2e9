// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package udpingest // import "github.com/otelcol-flows/otelcol-flows/internal/udpingest"

import (
	"context"
	"errors"
	"sync"
	"time"
)

// StartOrShutdown is a receiver's Start: start runs under mu, the lock the
// receiver's Shutdown takes too, and when start fails half-way shutdown
// undoes what it began (the collector's convention: errors.Join(err,
// Shutdown(ctx))).
func StartOrShutdown(ctx context.Context, mu *sync.Mutex, start func() error, shutdown func(context.Context) error) error {
	mu.Lock()
	err := start()
	mu.Unlock()
	if err != nil {
		return errors.Join(err, shutdown(ctx))
	}
	return nil
}

// Stop is the shared part of a receiver's Shutdown: it closes in's sockets
// and queues, then waits for pool's workers to flush what was queued (see
// Wait). Either may be nil, as in a Shutdown without Start.
func Stop(ctx context.Context, in *Ingest, pool *Pool, fallback time.Duration) error {
	var errs []error
	if in != nil {
		errs = append(errs, in.Close())
	}
	if pool != nil {
		errs = append(errs, pool.Wait(ctx, fallback))
	}
	return errors.Join(errs...)
}
