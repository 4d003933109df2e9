// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geoipprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor"

import "net/netip"

// specialIPv4 and specialIPv6 are the entries of IANA's IPv4 and IPv6 Special-Purpose
// Address Registries (RFC 6890 and updates) that are not globally routable,
// beyond what netip's predicates already cover (RFC 1918 and fc00::/7,
// loopback, link-local, multicast, unspecified). No geo database places
// them anywhere, so they are skipped rather than looked up.
var specialIPv4 = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network", RFC 791
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT, RFC 6598
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments, RFC 6890
	netip.MustParsePrefix("192.0.2.0/24"),    // TEST-NET-1, RFC 5737
	netip.MustParsePrefix("192.88.99.0/24"),  // deprecated 6to4 relay anycast, RFC 7526
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking, RFC 2544
	netip.MustParsePrefix("198.51.100.0/24"), // TEST-NET-2, RFC 5737
	netip.MustParsePrefix("203.0.113.0/24"),  // TEST-NET-3, RFC 5737
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved and limited broadcast, RFC 1112, RFC 919
}

var specialIPv6 = []netip.Prefix{
	netip.MustParsePrefix("64:ff9b:1::/48"), // local-use IPv4/IPv6 translation, RFC 8215
	netip.MustParsePrefix("100::/64"),       // discard-only, RFC 6666
	netip.MustParsePrefix("2001::/23"),      // IETF protocol assignments, RFC 2928
	netip.MustParsePrefix("2001:db8::/32"),  // documentation, RFC 3849
	netip.MustParsePrefix("3fff::/20"),      // documentation, RFC 9637
	netip.MustParsePrefix("5f00::/16"),      // SRv6 SIDs, RFC 9602
	netip.MustParsePrefix("::/96"),          // deprecated IPv4-compatible, RFC 4291
	netip.MustParsePrefix("fec0::/10"),      // deprecated site-local, RFC 3879
}

// nat64Prefix is the well-known NAT64 prefix (RFC 6052): the flow really
// goes to the IPv4 address in the low 32 bits, so that is what is located.
var nat64Prefix = netip.MustParsePrefix("64:ff9b::/96")

// lookupAddress returns the address to look up for ip as ipattr.Parse
// returns it (already unmapped, without zone): a NAT64 address becomes the
// IPv4 address it stands for.
func lookupAddress(ip netip.Addr) netip.Addr {
	if ip.Is6() && nat64Prefix.Contains(ip) {
		b := ip.As16()
		return netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
	}
	return ip
}

// isSpecial reports whether ip (as returned by lookupAddress) is a
// special-purpose address no database can place.
func isSpecial(ip netip.Addr) bool {
	if ip.IsPrivate() || ip.IsLoopback() || ip.IsLinkLocalUnicast() || ip.IsMulticast() ||
		ip.IsUnspecified() || ip.IsLinkLocalMulticast() || ip.IsInterfaceLocalMulticast() {
		return true
	}
	special := specialIPv6
	if ip.Is4() {
		special = specialIPv4
	}
	for _, p := range special {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}
