// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package udpingest // import "github.com/otelcol-flows/otelcol-flows/internal/udpingest"

import (
	"context"
	"sync"
	"time"
)

// Pool owns the goroutines of a set of workers: each worker's decode loop
// and its sender.
type Pool struct {
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// RunWorkers starts every worker with s as its sender. Their context is
// not Start's (start-up only): it is cancelled by Wait, and only if the
// consumer outlives the shutdown deadline.
func RunWorkers[B any](workers []*Worker[B], s Sender[B]) *Pool {
	ctx, cancel := context.WithCancel(context.Background())
	p := &Pool{cancel: cancel}
	for _, w := range workers {
		p.wg.Go(func() { w.Run(ctx) })
		p.wg.Go(func() { w.Deliver(ctx, s) })
	}
	return p
}

// Wait waits for the final flushes once the queues are closed; when ctx
// expires first (or fallback passes, for a ctx without deadline), the
// consumer calls and their retries are cancelled, what they held is
// counted as refused, and the workers are still waited for, so no
// goroutine outlives Wait.
func (p *Pool) Wait(ctx context.Context, fallback time.Duration) error {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, fallback)
		defer cancel()
	}
	done := make(chan struct{})
	go func() {
		p.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		p.cancel()
		return nil
	case <-ctx.Done():
		p.cancel()
		<-done
		return ctx.Err()
	}
}
