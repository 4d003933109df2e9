// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ecsdocumentprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/ecsdocumentprocessor"

import (
	"context"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/collector/processor/processorhelper"

	"github.com/otelcol-flows/otelcol-flows/processor/ecsdocumentprocessor/internal/metadata"
)

// NewFactory returns the factory of the ecsdocument processor.
func NewFactory() processor.Factory {
	return processor.NewFactory(metadata.Type, createDefaultConfig,
		processor.WithLogs(createLogs, metadata.LogsStability))
}

func createDefaultConfig() component.Config {
	return &Config{
		IndexPrefix:        "flows",
		DocumentID:         true,
		ResourceAttributes: true,
	}
}

func createLogs(ctx context.Context, set processor.Settings, cfg component.Config, next consumer.Logs) (processor.Logs, error) {
	p, err := newDocumentShaper(set.TelemetrySettings, cfg.(*Config))
	if err != nil {
		return nil, err
	}
	return processorhelper.NewLogs(ctx, set, cfg, next, p.processLogs,
		processorhelper.WithCapabilities(consumer.Capabilities{MutatesData: true}),
		processorhelper.WithShutdown(p.shutdown))
}
