// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geoipprocessor

import (
	"context"
	"flag"
	"path/filepath"
	"testing"

	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/golden"
	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/pdatatest/plogtest"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the expected.yaml golden files from the current output")

// TestGolden runs testdata/golden/<scenario>/input.yaml through the
// processor (on the shared test databases) and compares the output with
// expected.yaml. `go test -run TestGolden -update` rewrites expected.yaml;
// review the diff before committing it.
func TestGolden(t *testing.T) {
	scenarios := map[string]func(*Config){
		"default": func(*Config) {},
		"locale_de_fields": func(cfg *Config) {
			cfg.Locale = "de"
			cfg.Fields = []Field{FieldLocation, FieldCityName, FieldCountryName, FieldASOrganization}
		},
	}
	for name, configure := range scenarios {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join("testdata", "golden", name)
			cfg := testDatabases(t)
			configure(cfg)
			h := startProcessor(t, cfg)
			input, err := golden.ReadLogs(filepath.Join(dir, "input.yaml"))
			require.NoError(t, err)
			require.NoError(t, h.proc.ConsumeLogs(context.Background(), input))
			require.Len(t, h.sink.AllLogs(), 1)
			actual := h.sink.AllLogs()[0]

			expectedPath := filepath.Join(dir, "expected.yaml")
			if *update {
				require.NoError(t, golden.WriteLogsToFile(expectedPath, actual))
			}
			expected, err := golden.ReadLogs(expectedPath)
			require.NoError(t, err)
			require.NoError(t, plogtest.CompareLogs(expected, actual))
		})
	}
}
