// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package sflowreceiver // import "github.com/otelcol-flows/otelcol-flows/receiver/sflowreceiver"

import (
	"context"
	"sync"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/receiver"
)

// receivers holds one receiver per configuration, so that the logs and
// the metrics pipeline of one `sflow` entry share its socket (as core's
// otlp receiver shares its servers).
var receivers = &sharedReceivers{byConfig: make(map[*Config]*sharedReceiver)}

type sharedReceivers struct {
	mu       sync.Mutex
	byConfig map[*Config]*sharedReceiver
}

// sharedReceiver starts its receiver on the first Start and stops it on
// the first Shutdown, which also forgets it: the collector starts and
// stops all pipelines together.
type sharedReceiver struct {
	r       *sflowReceiver
	owner   *sharedReceivers
	cfg     *Config
	once    sync.Once
	startMu sync.Mutex
	started bool
}

// attach returns the receiver of cfg, creating it, and lets set wire the
// pipeline's consumer.
func (s *sharedReceivers) attach(rs receiver.Settings, cfg *Config, set func(*sflowReceiver)) (*sharedReceiver, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sr, ok := s.byConfig[cfg]
	if !ok {
		r, err := newReceiver(rs, cfg)
		if err != nil {
			return nil, err
		}
		sr = &sharedReceiver{r: r, owner: s, cfg: cfg}
		s.byConfig[cfg] = sr
	}
	set(sr.r)
	return sr, nil
}

// Start implements component.Component.
func (sr *sharedReceiver) Start(ctx context.Context, host component.Host) error {
	sr.startMu.Lock()
	defer sr.startMu.Unlock()
	if sr.started {
		return nil
	}
	sr.started = true
	return sr.r.Start(ctx, host)
}

// Shutdown implements component.Component.
func (sr *sharedReceiver) Shutdown(ctx context.Context) error {
	var err error
	sr.once.Do(func() {
		sr.owner.mu.Lock()
		delete(sr.owner.byConfig, sr.cfg)
		sr.owner.mu.Unlock()
		err = sr.r.Shutdown(ctx)
	})
	return err
}
