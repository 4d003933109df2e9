// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipattr // import "github.com/otelcol-flows/otelcol-flows/internal/ipattr"

import "net/netip"

// Allowed reports whether addr is in one of the prefixes of an allow-list,
// where a list left empty allows every address (allowed_exporters,
// include_networks).
func Allowed(allow []netip.Prefix, addr netip.Addr) bool {
	if len(allow) == 0 {
		return true
	}
	for _, p := range allow {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}
