// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package protocolnameprocessor

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/confmap/confmaptest"
	"go.opentelemetry.io/collector/confmap/xconfmap"
)

// TestReadmeExample keeps the README's example loadable and valid.
func TestReadmeExample(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	_, after, ok := strings.Cut(string(readme), "### Example\n\n```yaml\n")
	require.True(t, ok, "README has no example block")
	block, _, ok := strings.Cut(after, "```")
	require.True(t, ok)

	path := filepath.Join(t.TempDir(), "example.yaml")
	require.NoError(t, os.WriteFile(path, []byte(block), 0o600))
	cm, err := confmaptest.LoadConf(path)
	require.NoError(t, err)
	processors, err := cm.Sub("processors")
	require.NoError(t, err)
	require.Len(t, processors.ToStringMap(), 2)
	for id := range processors.ToStringMap() {
		sub, err := processors.Sub(id)
		require.NoError(t, err)
		cfg := createDefaultConfig()
		require.NoError(t, sub.Unmarshal(cfg), id)
		require.NoError(t, xconfmap.Validate(cfg), id)
	}
}
