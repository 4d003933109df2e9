// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package gcdefaultsextension // import "github.com/otelcol-flows/otelcol-flows/extension/gcdefaultsextension"

import (
	"context"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/extension"

	"github.com/otelcol-flows/otelcol-flows/extension/gcdefaultsextension/internal/metadata"
)

// Go's own percentage above a 192 MiB floor (the heap of the batches in
// flight at a few hundred thousand flows/s is tens of MB), and a soft limit
// at half the memory, below the memory_limiter's 80% limit and 60% soft
// limit.
const (
	defaultGCPercent             = 100
	defaultMinHeapMiB            = 192
	defaultMemoryLimitPercentage = 50
)

// NewFactory returns the factory of the gc_defaults extension.
func NewFactory() extension.Factory {
	return extension.NewFactory(metadata.Type, createDefaultConfig, createExtension, metadata.ExtensionStability)
}

func createDefaultConfig() component.Config {
	return &Config{GCPercent: defaultGCPercent, MinHeapMiB: defaultMinHeapMiB, MemoryLimitPercentage: defaultMemoryLimitPercentage}
}

func createExtension(_ context.Context, set extension.Settings, cfg component.Config) (extension.Extension, error) {
	return newGCDefaults(cfg.(*Config), set.Logger, systemMemory), nil
}
