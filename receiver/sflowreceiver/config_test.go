// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package sflowreceiver

import (
	"testing"
	"time"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
	"github.com/otelcol-flows/otelcol-flows/internal/udpingest"
)

func TestLoadConfig(t *testing.T) {
	testutil.AssertConfigs(t, NewFactory(), map[string]*Config{
		"": createDefaultConfig().(*Config),
		"custom": {
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
		},
	})
}

func TestLoadInvalidConfig(t *testing.T) {
	testutil.AssertConfigInvalid(t, NewFactory(), "invalid",
		`'endpoint' "nowhere" must be host:port`, "'sockets' must be at least 1", "'queue_size' must be at least 1",
		"'batch::max_records' must be at least 1", "'batch::timeout' must be greater than zero",
		`'allowed_exporters': "bogus" is neither`,
		"'limits::max_agents' must be at least 1", "'limits::max_sources_per_agent' must be at least 1",
		"'limits::max_samples_per_datagram' must be at least 1", "'limits::max_records_per_sample' must be at least 1",
		"'limits::agent_timeout' must be greater than zero",
	)
}
