// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package sflowreceiver // import "github.com/otelcol-flows/otelcol-flows/receiver/sflowreceiver"

import (
	"context"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/receiver"

	"github.com/otelcol-flows/otelcol-flows/internal/udpingest"
	"github.com/otelcol-flows/otelcol-flows/receiver/sflowreceiver/internal/metadata"
)

// NewFactory returns the factory of the sflow receiver.
func NewFactory() receiver.Factory {
	return receiver.NewFactory(metadata.Type, createDefaultConfig,
		receiver.WithLogs(createLogs, metadata.LogsStability),
		receiver.WithMetrics(createMetrics, metadata.MetricsStability))
}

func createDefaultConfig() component.Config {
	return &Config{
		Config: udpingest.DefaultConfig("0.0.0.0:6343"),
		Limits: LimitsConfig{
			MaxAgents:             4096,
			MaxSourcesPerAgent:    1024,
			MaxSamplesPerDatagram: 256,
			MaxRecordsPerSample:   64,
			AgentTimeout:          time.Hour,
		},
	}
}

// The logs and the metrics pipeline share one receiver per configuration:
// flow and counter samples arrive in the same datagrams on one socket.
func createLogs(_ context.Context, set receiver.Settings, cfg component.Config, next consumer.Logs) (receiver.Logs, error) {
	return receivers.attach(set, cfg.(*Config), func(r *sflowReceiver) { r.logs = next })
}

func createMetrics(_ context.Context, set receiver.Settings, cfg component.Config, next consumer.Metrics) (receiver.Metrics, error) {
	return receivers.attach(set, cfg.(*Config), func(r *sflowReceiver) { r.metrics = next })
}
