// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package testutil

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
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

// AssertConfigs checks that each named section of testdata/config.yaml
// ("" for the bare type) loads into exactly its wanted config, which the
// collector's validation accepts.
func AssertConfigs[C component.Config](t *testing.T, f component.Factory, want map[string]C) {
	for name, w := range want {
		t.Run(name, func(t *testing.T) {
			cfg := NamedConfig[C](t, f, name)
			assert.Equal(t, w, cfg)
			assert.NoError(t, xconfmap.Validate(cfg))
		})
	}
}

// AssertConfigInvalid checks that validating section name of
// testdata/config.yaml fails with every one of messages, and leaves the
// config as it was loaded.
func AssertConfigInvalid(t *testing.T, f component.Factory, name string, messages ...string) {
	t.Helper()
	cfg := NamedConfig[component.Config](t, f, name)
	err := xconfmap.Validate(cfg)
	assert.Equal(t, NamedConfig[component.Config](t, f, name), cfg, "Validate must not change the config")
	for _, m := range messages {
		assert.ErrorContains(t, err, m)
	}
}
