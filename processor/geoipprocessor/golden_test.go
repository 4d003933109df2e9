// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geoipprocessor

import (
	"context"
	"flag"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
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
			cfg.Fields = []Field{"geo.location", "geo.city_name", "geo.country_name", "as.organization.name"}
		},
	}
	for name, configure := range scenarios {
		t.Run(name, func(t *testing.T) {
			cfg := testDatabases(t)
			configure(cfg)
			h := startProcessor(t, cfg)
			require.NoError(t, h.proc.ConsumeLogs(context.Background(), testutil.ReadGoldenInput(t, name)))
			require.Len(t, h.sink.AllLogs(), 1)
			testutil.CompareGoldenLogs(t, name, h.sink.AllLogs()[0], *update)
		})
	}
}
