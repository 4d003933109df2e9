// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package networkdirectionprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/networkdirectionprocessor"

import (
	"net/netip"
	"slices"
	"sort"
	"strings"
)

// Locality values, as ECS and Filebeat write them.
const (
	localityInternal = "internal"
	localityExternal = "external"
)

var (
	// RFC 1918, and fd00::/8 of RFC 4193: Filebeat's "private" set leaves out
	// fc00::/7's other half (never assigned), and so do we.
	privatePrefixes = []netip.Prefix{
		netip.MustParsePrefix("10.0.0.0/8"),
		netip.MustParsePrefix("172.16.0.0/12"),
		netip.MustParsePrefix("192.168.0.0/16"),
		netip.MustParsePrefix("fd00::/8"),
	}
	broadcast = netip.AddrFrom4([4]byte{255, 255, 255, 255})
)

func isPrivate(ip netip.Addr) bool {
	for _, p := range privatePrefixes {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// isLocal is what Filebeat always counts internal, whatever internal_networks
// says: traffic that never leaves the host or the link.
func isLocal(ip netip.Addr) bool {
	return ip.IsLoopback() || ip.IsUnspecified() || ip == broadcast || ip.IsLinkLocalUnicast() ||
		ip.IsLinkLocalMulticast() || ip.IsInterfaceLocalMulticast()
}

// namedNetworks are the sets internal_networks accepts by name: Filebeat's
// (libbeat conditions), with Go's definitions of each, which Filebeat uses.
var namedNetworks = map[string]func(netip.Addr) bool{
	"loopback":                  netip.Addr.IsLoopback,
	"global_unicast":            netip.Addr.IsGlobalUnicast,
	"unicast":                   netip.Addr.IsGlobalUnicast,
	"link_local_unicast":        netip.Addr.IsLinkLocalUnicast,
	"interface_local_multicast": netip.Addr.IsInterfaceLocalMulticast,
	"link_local_multicast":      netip.Addr.IsLinkLocalMulticast,
	"multicast":                 netip.Addr.IsMulticast,
	"unspecified":               netip.Addr.IsUnspecified,
	"private":                   isPrivate,
	"public":                    func(ip netip.Addr) bool { return !isPrivate(ip) && !isLocal(ip) },
}

// networkNames lists the named sets for error messages.
func networkNames() string {
	names := make([]string, 0, len(namedNetworks))
	for n := range namedNetworks {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// internalNetworks is internal_networks compiled for the hot path.
type internalNetworks struct {
	prefixes []netip.Prefix
	named    []func(netip.Addr) bool
}

// parseNetwork reads one internal_networks entry: a named set or a CIDR.
func parseNetwork(s string) (func(netip.Addr) bool, netip.Prefix, bool) {
	if f, ok := namedNetworks[s]; ok {
		return f, netip.Prefix{}, true
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return nil, netip.Prefix{}, false
	}
	if p.Addr().Is4In6() && p.Bits() >= 96 {
		// ::ffff:10.0.0.0/104 is 10.0.0.0/8, as Go's net package (and so Filebeat) reads it.
		p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
	}
	return nil, p.Masked(), true
}

// newInternalNetworks compiles entries that Validate has accepted.
func newInternalNetworks(entries []string) internalNetworks {
	var n internalNetworks
	for _, e := range entries {
		f, p, ok := parseNetwork(e)
		switch {
		case !ok:
		case f != nil:
			n.named = append(n.named, f)
		case !slices.Contains(n.prefixes, p):
			n.prefixes = append(n.prefixes, p)
		}
	}
	return n
}

func (n *internalNetworks) contains(ip netip.Addr) bool {
	for _, p := range n.prefixes {
		if p.Contains(ip) {
			return true
		}
	}
	for _, f := range n.named {
		if f(ip) {
			return true
		}
	}
	return false
}

// locality is Filebeat's rule: internal when in internal_networks or local.
// ip must be unmapped (ipattr.Parse does it): an IPv4-mapped IPv6 address
// belongs to the IPv4 networks, as in Go's net package that Filebeat uses.
func (n *internalNetworks) locality(ip netip.Addr) string {
	if n.contains(ip) || isLocal(ip) {
		return localityInternal
	}
	return localityExternal
}

// direction is the Elastic NetFlow integration's ingest pipeline rule
// (ECS network.direction) for the two ends' localities.
func direction(src, dst string) string {
	switch {
	case src == localityInternal && dst == localityInternal:
		return "internal"
	case src == localityInternal:
		return "outbound"
	case dst == localityInternal:
		return "inbound"
	}
	return "external"
}
