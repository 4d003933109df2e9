// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"flag"
	"net/netip"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/built from the builders")

// builtDatagrams are the built datagrams the receiver's tests send over
// UDP, kept as files so that they need not build them again.
func builtDatagrams() map[string][]byte {
	return map[string][]byte{
		"every-record.bin": validDatagram(),
		"counters.bin": datagram(netip.MustParseAddr("192.0.2.9"), 0, 1, 60_000,
			item(formatCounterSample, append((&enc{}).u32(1, 17, 1).b, genericCounters(17, 1e9, 1<<40, 12345, 3)...))),
	}
}

func TestBuiltDatagramFiles(t *testing.T) {
	for name, data := range builtDatagrams() {
		path := filepath.Join("testdata", "built", name)
		if *update {
			require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
			require.NoError(t, os.WriteFile(path, data, 0o644))
		}
		got, err := os.ReadFile(path)
		require.NoError(t, err, "run with -update")
		require.Equal(t, data, got, "%s is stale: run with -update", path)
	}
}
