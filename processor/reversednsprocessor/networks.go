// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package reversednsprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor"

import (
	"net/netip"

	"github.com/otelcol-flows/otelcol-flows/internal/ipattr"
)

// networkFilter decides which addresses may be sent to the name servers.
type networkFilter struct {
	include []netip.Prefix
	exclude []netip.Prefix
}

func newNetworkFilter(cfg *Config) networkFilter {
	return networkFilter{include: unmapAll(cfg.IncludeNetworks), exclude: unmapAll(cfg.ExcludeNetworks)}
}

// unmapAll turns ::ffff:a.b.c.d/n prefixes into a.b.c.d/(n-96), since
// addresses are unmapped before they are matched.
func unmapAll(in []netip.Prefix) []netip.Prefix {
	out := make([]netip.Prefix, 0, len(in))
	for _, p := range in {
		p = p.Masked()
		if a := p.Addr(); a.Is4In6() && p.Bits() >= 96 {
			p = netip.PrefixFrom(a.Unmap(), p.Bits()-96)
		}
		out = append(out, p)
	}
	return out
}

// allowed reports whether addr (already unmapped) may be looked up.
func (n networkFilter) allowed(addr netip.Addr) bool {
	for _, p := range n.exclude {
		if p.Contains(addr) {
			return false
		}
	}
	return ipattr.Allowed(n.include, addr)
}
