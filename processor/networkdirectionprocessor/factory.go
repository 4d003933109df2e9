// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package networkdirectionprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/networkdirectionprocessor"

import (
	"context"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/collector/processor/processorhelper"

	"github.com/otelcol-flows/otelcol-flows/processor/networkdirectionprocessor/internal/metadata"
)

// NewFactory returns the factory of the networkdirection processor.
func NewFactory() processor.Factory {
	return processor.NewFactory(metadata.Type, createDefaultConfig,
		processor.WithLogs(createLogs, metadata.LogsStability))
}

// createDefaultConfig uses Filebeat's default: the RFC 1918 and RFC 4193
// networks are internal.
func createDefaultConfig() component.Config {
	return &Config{InternalNetworks: []string{"private"}}
}

func createLogs(ctx context.Context, set processor.Settings, cfg component.Config, next consumer.Logs) (processor.Logs, error) {
	p, err := newDirectionMarker(set.TelemetrySettings, cfg.(*Config))
	if err != nil {
		return nil, err
	}
	return processorhelper.NewLogs(ctx, set, cfg, next, p.processLogs,
		processorhelper.WithCapabilities(consumer.Capabilities{MutatesData: true}),
		processorhelper.WithShutdown(p.shutdown))
}
