// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package blobstorageextension // import "github.com/otelcol-flows/otelcol-flows/extension/blobstorageextension"

import (
	"context"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/extension"

	"github.com/otelcol-flows/otelcol-flows/extension/blobstorageextension/internal/metadata"
)

// defaultMinSize keeps the queue's metadata and small state in the wrapped
// storage and sends a request of a few dozen records or more to a file.
const defaultMinSize = 64 << 10

// NewFactory returns the factory of the blob_storage extension.
func NewFactory() extension.Factory {
	return extension.NewFactory(metadata.Type, createDefaultConfig, createExtension, metadata.ExtensionStability)
}

func createDefaultConfig() component.Config {
	return &Config{MinSize: defaultMinSize, CreateDirectory: true}
}

func createExtension(_ context.Context, set extension.Settings, cfg component.Config) (extension.Extension, error) {
	return newBlobStorage(cfg.(*Config), set.Logger), nil
}
