// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package sflowreceiver // import "github.com/otelcol-flows/otelcol-flows/receiver/sflowreceiver"

import (
	"errors"
	"time"

	"go.opentelemetry.io/collector/confmap/xconfmap"

	"github.com/otelcol-flows/otelcol-flows/internal/udpingest"
)

var _ xconfmap.Validator = (*Config)(nil)

// Config is the configuration of the sflow receiver.
type Config struct {
	// Config holds the socket, worker, queue, batch and allowed_exporters
	// keys shared with the other flow receivers.
	udpingest.Config `mapstructure:",squash"`
	// Limits bound what a datagram may claim and the state a flood of
	// spoofed agents can create.
	Limits LimitsConfig `mapstructure:"limits"`
	// ScaleBySampling multiplies each sample's bytes and packets (one
	// packet of its frame length) by its sampling rate.
	ScaleBySampling bool `mapstructure:"scale_by_sampling"`

	// prevent unkeyed literal initialization
	_ struct{}
}

// LimitsConfig holds the bounds of the decoder.
type LimitsConfig struct {
	// MaxAgents bounds the agents (address and sub-agent) whose sequence
	// numbers are tracked; the samples of more are decoded, not tracked.
	// Each worker holds its share, max_agents/workers rounded up.
	MaxAgents int `mapstructure:"max_agents"`
	// MaxSourcesPerAgent bounds the data sources tracked per agent.
	MaxSourcesPerAgent int `mapstructure:"max_sources_per_agent"`
	// MaxSamplesPerDatagram rejects datagrams claiming more samples
	// (reason "oversized").
	MaxSamplesPerDatagram int `mapstructure:"max_samples_per_datagram"`
	// MaxRecordsPerSample rejects samples claiming more records.
	MaxRecordsPerSample int `mapstructure:"max_records_per_sample"`
	// AgentTimeout forgets the sequence numbers of agents not heard from
	// for this long.
	AgentTimeout time.Duration `mapstructure:"agent_timeout"`
}

// Validate checks the configuration without changing it.
func (cfg *Config) Validate() error {
	errs := cfg.Config.Validate()
	l := &cfg.Limits
	errs = udpingest.AppendIf(errs, l.MaxAgents < 1, "'limits::max_agents' must be at least 1")
	errs = udpingest.AppendIf(errs, l.MaxSourcesPerAgent < 1, "'limits::max_sources_per_agent' must be at least 1")
	errs = udpingest.AppendIf(errs, l.MaxSamplesPerDatagram < 1, "'limits::max_samples_per_datagram' must be at least 1")
	errs = udpingest.AppendIf(errs, l.MaxRecordsPerSample < 1, "'limits::max_records_per_sample' must be at least 1")
	errs = udpingest.AppendIf(errs, l.AgentTimeout <= 0, "'limits::agent_timeout' must be greater than zero")
	return errors.Join(errs...)
}
