// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geoipprocessor

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzEnrichAddress feeds arbitrary strings as addresses: each must be
// enriched, skipped or counted invalid, never panic. The seeds run in every
// `go test`; `go test -fuzz FuzzEnrichAddress` explores further.
func FuzzEnrichAddress(f *testing.F) {
	for _, seed := range []string{"81.2.69.160", "2a02:8100::1", "::ffff:81.2.69.160", "64:ff9b::5102:45a0",
		"fe80::1%eth0", "10.0.0.1", "", "1.2.3", "::", "0:0:0:0:0:0:0:0:0", "81.2.69.160/24", "%", "1.1.1.1%x"} {
		f.Add(seed)
	}
	h := startProcessor(f, testDatabases(f))
	f.Fuzz(func(t *testing.T, address string) {
		got := h.consume(t, map[string]any{"source.ip": address, "destination.ip": address})
		require.Len(t, got, 1)
		require.Equal(t, address, got[0]["source.ip"])
	})
}
