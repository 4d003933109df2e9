// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ecsjsonencodingextension // import "github.com/otelcol-flows/otelcol-flows/extension/ecsjsonencodingextension"

import (
	"context"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/extension"

	"github.com/otelcol-flows/otelcol-flows/extension/ecsjsonencodingextension/internal/metadata"
)

// NewFactory returns the factory of the ecs_json_encoding extension.
func NewFactory() extension.Factory {
	return extension.NewFactory(metadata.Type, createDefaultConfig, createExtension, metadata.ExtensionStability)
}

func createDefaultConfig() component.Config {
	return &Config{}
}

func createExtension(_ context.Context, _ extension.Settings, cfg component.Config) (extension.Extension, error) {
	return &ecsJSONEncoding{cfg: cfg.(*Config)}, nil
}
