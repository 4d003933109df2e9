// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package udpingest // import "github.com/otelcol-flows/otelcol-flows/internal/udpingest"

import (
	"context"
	"errors"
	"sync"
	"time"
)

// StartOrShutdown is a receiver's Start: under mu, the lock the receiver's
// Shutdown takes too, it binds cfg's sockets first, so that a busy port
// fails start-up, and then runs start with them; when either fails,
// shutdown undoes what began (the collector's convention: errors.Join(err,
// Shutdown(ctx))).
func StartOrShutdown(ctx context.Context, mu *sync.Mutex, cfg *Config, set Settings,
	start func(*Ingest) error, shutdown func(context.Context) error,
) error {
	mu.Lock()
	in, err := Listen(ctx, cfg, set)
	if err == nil {
		err = start(in)
	}
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
