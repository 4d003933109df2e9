// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package udpingest // import "github.com/otelcol-flows/otelcol-flows/internal/udpingest"

import (
	"context"
	"errors"
	"sync"
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
