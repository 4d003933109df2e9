// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package blobstorageextension

import (
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap/xconfmap"

	"github.com/otelcol-flows/otelcol-flows/extension/blobstorageextension/internal/metadata"
	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

func TestConfig(t *testing.T) {
	load := func(name string) *Config {
		cfg := createDefaultConfig().(*Config)
		require.NoError(t, testutil.UnmarshalConfig(t, component.NewIDWithName(metadata.Type, name), cfg))
		return cfg
	}
	require.Equal(t, &Config{
		Storage: component.MustNewIDWithName("file_storage", "state"), Directory: "/var/lib/otelcol-flows/queue",
		MinSize: 64 << 10, CreateDirectory: true,
	}, load(""))
	require.Equal(t, &Config{
		Storage: component.MustNewID("file_storage"), Directory: "./data/queue",
		MinSize: 1 << 20, FSync: true,
	}, load("all_options"))
	require.NoError(t, xconfmap.Validate(load("")))
	err := xconfmap.Validate(load("missing"))
	require.ErrorContains(t, err, "storage:")
	require.ErrorContains(t, err, "directory:")
	require.ErrorContains(t, err, "min_size:")
}
