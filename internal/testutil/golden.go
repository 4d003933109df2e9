// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package testutil

import (
	"path/filepath"
	"testing"

	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/golden"
	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/pdatatest/plogtest"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/plog"
)

// Golden cases live in one layout in every component:
// testdata/golden/<case>/input.yaml (where the input is a file) and
// testdata/golden/<case>/expected.yaml, the latter rewritten by -update.

// GoldenDir is the directory of one golden case, relative to the package.
func GoldenDir(name string) string { return filepath.Join("testdata", "golden", name) }

// ReadGoldenInput reads testdata/golden/<name>/input.yaml.
func ReadGoldenInput(tb testing.TB, name string) plog.Logs {
	tb.Helper()
	ld, err := golden.ReadLogs(filepath.Join(GoldenDir(name), "input.yaml"))
	require.NoError(tb, err)
	return ld
}

// CompareGoldenLogs compares got with testdata/golden/<name>/expected.yaml,
// after rewriting that file from got when update is set (review the diff).
func CompareGoldenLogs(tb testing.TB, name string, got plog.Logs, update bool) {
	tb.Helper()
	path := filepath.Join(GoldenDir(name), "expected.yaml")
	if update {
		require.NoError(tb, golden.WriteLogsToFile(path, got))
	}
	want, err := golden.ReadLogs(path)
	require.NoError(tb, err)
	require.NoError(tb, plogtest.CompareLogs(want, got))
}
