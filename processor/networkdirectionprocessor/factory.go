// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package networkdirectionprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/networkdirectionprocessor"

import (
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/processor"

	"github.com/otelcol-flows/otelcol-flows/internal/logsprocessor"
	"github.com/otelcol-flows/otelcol-flows/processor/networkdirectionprocessor/internal/metadata"
)

// NewFactory returns the factory of the networkdirection processor.
func NewFactory() processor.Factory {
	return logsprocessor.NewFactory(metadata.Type, metadata.LogsStability, createDefaultConfig, createLogs)
}

// createDefaultConfig uses Filebeat's default: the RFC 1918 and RFC 4193
// networks are internal.
func createDefaultConfig() component.Config {
	return &Config{InternalNetworks: []string{"private"}}
}

func createLogs(set processor.Settings, cfg *Config) (logsprocessor.Processor, error) {
	return newDirectionMarker(set.TelemetrySettings, cfg)
}
