// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package testutil

import (
	"net/netip"
	"testing"
)

func TestDistinctAddressNeverRepeats(t *testing.T) {
	seen := map[netip.Addr]bool{}
	for n := range uint32(100_000) {
		a := DistinctAddress(n * 2683) // spread over the range
		if seen[a] || !a.IsGlobalUnicast() || a.IsPrivate() {
			t.Fatalf("DistinctAddress(%d) = %s: repeated or not public", n*2683, a)
		}
		seen[a] = true
	}
}
