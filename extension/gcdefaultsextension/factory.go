// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package gcdefaultsextension // import "github.com/otelcol-flows/otelcol-flows/extension/gcdefaultsextension"

import (
	"context"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/extension"

	"github.com/otelcol-flows/otelcol-flows/extension/gcdefaultsextension/internal/metadata"
)

// The systemd unit's settings: GOGC=400, and GOMEMLIMIT at half of its
// MemoryMax, below the memory_limiter's 80% limit and 60% soft limit.
const (
	defaultGCPercent             = 400
	defaultMemoryLimitPercentage = 50
)

// NewFactory returns the factory of the gc_defaults extension.
func NewFactory() extension.Factory {
	return extension.NewFactory(metadata.Type, createDefaultConfig, createExtension, metadata.ExtensionStability)
}

func createDefaultConfig() component.Config {
	return &Config{GCPercent: defaultGCPercent, MemoryLimitPercentage: defaultMemoryLimitPercentage}
}

func createExtension(_ context.Context, set extension.Settings, cfg component.Config) (extension.Extension, error) {
	return newGCDefaults(cfg.(*Config), set.Logger, systemMemory), nil
}
