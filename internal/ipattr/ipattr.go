// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package ipattr reads the IP address out of an ECS address attribute such
// as source.ip, for the processors that enrich records by address.
package ipattr // import "github.com/otelcol-flows/otelcol-flows/internal/ipattr"

import (
	"net/netip"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// Parse returns the address held by v, unmapped (::ffff:192.0.2.1 is
// 192.0.2.1) and without zone, so that the same host written either way
// meets the same cache entry and database record. It reports false for a
// value that is not a string or not an address; the caller counts those.
// ParseAddr does not allocate for valid input, which keeps a processor's
// cache hit free of allocations.
func Parse(v pcommon.Value) (netip.Addr, bool) {
	if v.Type() != pcommon.ValueTypeStr {
		return netip.Addr{}, false
	}
	ip, err := netip.ParseAddr(v.Str())
	if err != nil {
		return netip.Addr{}, false
	}
	return ip.Unmap().WithZone(""), true
}
