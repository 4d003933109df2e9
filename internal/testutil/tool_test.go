// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package testutil

import "testing"

func TestRequireToolFindsFallback(t *testing.T) {
	if got := RequireTool(t, "no-such-tool-otelcol-flows", "sh"); got == "" {
		t.Fatal("fallback sh not found")
	}
}

func TestCPUTimeAdvances(t *testing.T) {
	start := CPUTime()
	x := 0
	for i := range 50_000_000 {
		x += i % 7
	}
	if CPUTime() <= start {
		t.Fatalf("CPU time did not advance over a busy loop (%d)", x)
	}
}
