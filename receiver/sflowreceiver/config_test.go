// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package sflowreceiver

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"go.opentelemetry.io/collector/confmap/xconfmap"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
	"github.com/otelcol-flows/otelcol-flows/internal/udpingest"
)

func TestLoadConfig(t *testing.T) {
	tests := []struct {
		name string
		want *Config
	}{
		{name: "", want: createDefaultConfig().(*Config)},
		{name: "custom", want: &Config{
			Config: udpingest.Config{
				Endpoint:         "127.0.0.1:16343",
				Sockets:          2,
				Workers:          4,
				ReadBufferSize:   32 << 20,
				QueueSize:        512,
				Batch:            udpingest.BatchConfig{MaxRecords: 1000, Timeout: time.Second},
				AllowedExporters: []string{"10.0.0.0/8", "192.0.2.7"},
			},
			Limits: LimitsConfig{
				MaxAgents:             100,
				MaxSourcesPerAgent:    16,
				MaxSamplesPerDatagram: 32,
				MaxRecordsPerSample:   8,
				AgentTimeout:          30 * time.Minute,
			},
			ScaleBySampling: true,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testutil.NamedConfig[*Config](t, NewFactory(), tt.name)
			assert.Equal(t, tt.want, cfg)
			assert.NoError(t, xconfmap.Validate(cfg))
		})
	}
}

func TestLoadInvalidConfig(t *testing.T) {
	cfg := testutil.NamedConfig[*Config](t, NewFactory(), "invalid")
	before := *cfg
	err := xconfmap.Validate(cfg)
	assert.Equal(t, before, *cfg, "Validate must not change the config")
	for _, key := range []string{
		`'endpoint' "nowhere" must be host:port`, "'sockets' must be at least 1", "'queue_size' must be at least 1",
		"'batch::max_records' must be at least 1", "'batch::timeout' must be greater than zero",
		`'allowed_exporters': "bogus" is neither`,
		"'limits::max_agents' must be at least 1", "'limits::max_sources_per_agent' must be at least 1",
		"'limits::max_samples_per_datagram' must be at least 1", "'limits::max_records_per_sample' must be at least 1",
		"'limits::agent_timeout' must be greater than zero",
	} {
		assert.ErrorContains(t, err, key)
	}
}
