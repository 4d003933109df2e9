// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package testutil

import "net/netip"

// DistinctAddress is the n-th address of a sequence that never repeats
// (for n below 2^28), in public unicast space from 16.0.0.0: the sources
// of a scan or of a DDoS with spoofed addresses, for tests and benchmarks
// where every flow must bring new addresses to the enrichment's caches.
func DistinctAddress(n uint32) netip.Addr {
	a := 16<<24 + n&(1<<28-1)
	return netip.AddrFrom4([4]byte{byte(a >> 24), byte(a >> 16), byte(a >> 8), byte(a)})
}
