// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ecsdocumentprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/ecsdocumentprocessor"

import (
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/processor"

	"github.com/otelcol-flows/otelcol-flows/internal/logsprocessor"
	"github.com/otelcol-flows/otelcol-flows/processor/ecsdocumentprocessor/internal/metadata"
)

// NewFactory returns the factory of the ecsdocument processor.
func NewFactory() processor.Factory {
	return logsprocessor.NewFactory(metadata.Type, metadata.LogsStability, createDefaultConfig, createLogs)
}

func createDefaultConfig() component.Config {
	return &Config{
		IndexPrefix:        "flows",
		DocumentID:         true,
		ResourceAttributes: true,
	}
}

func createLogs(set processor.Settings, cfg *Config) (logsprocessor.Processor, error) {
	return newDocumentShaper(set.TelemetrySettings, cfg)
}
