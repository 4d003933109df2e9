// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package testutil

import (
	"os"
	"os/exec"
	"testing"
)

// RequireTool returns the path of an external program a test drives (softflowd, tshark, dnsmasq,
// curl), trying name and then each fallback path. Without it the test is skipped on a developer's
// machine but fails in CI (CI set), which installs it: a real-peer test that silently skipped in CI
// would prove nothing.
func RequireTool(tb testing.TB, name string, fallbacks ...string) string {
	tb.Helper()
	for _, candidate := range append([]string{name}, fallbacks...) {
		if path, err := exec.LookPath(candidate); err == nil {
			return path
		}
	}
	if os.Getenv("CI") != "" {
		tb.Fatalf("%s is required in CI (.ci/run installs it)", name)
	}
	tb.Skipf("%s not installed", name)
	return ""
}
