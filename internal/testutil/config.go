// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package testutil

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap/confmaptest"
	"go.opentelemetry.io/collector/confmap/xconfmap"
)

// UnmarshalConfig unmarshals section id of the package's testdata/config.yaml
// into cfg (a component's default config) and returns the unmarshal error.
func UnmarshalConfig(tb testing.TB, id component.ID, cfg component.Config) error {
	tb.Helper()
	cm, err := confmaptest.LoadConf(filepath.Join("testdata", "config.yaml"))
	require.NoError(tb, err)
	sub, err := cm.Sub(id.String())
	require.NoError(tb, err)
	return sub.Unmarshal(cfg)
}

// LoadConfig unmarshals section id of testdata/config.yaml into cfg, which
// must succeed, and returns what the collector's validation says of it.
func LoadConfig(tb testing.TB, id component.ID, cfg component.Config) error {
	tb.Helper()
	require.NoError(tb, UnmarshalConfig(tb, id, cfg))
	return xconfmap.Validate(cfg)
}

// NamedConfig returns f's default config with section <type>/<name> of
// testdata/config.yaml unmarshaled into it, which must succeed.
func NamedConfig[C component.Config](tb testing.TB, f component.Factory, name string) C {
	tb.Helper()
	cfg := f.CreateDefaultConfig()
	require.NoError(tb, UnmarshalConfig(tb, component.NewIDWithName(f.Type(), name), cfg))
	return cfg.(C)
}
