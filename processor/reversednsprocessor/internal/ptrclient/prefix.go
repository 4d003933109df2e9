// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ptrclient

import (
	"context"
	"errors"
	"net/netip"
	"strings"

	"github.com/miekg/dns"
)

// EmptyPrefix applies RFC 8020 ("NXDOMAIN: there really is nothing
// underneath") after addr got NXDOMAIN with the SOA of zone: it asks for
// the name one label below the zone on the way to addr, the largest part
// of the zone that holds addr. If that name is NXDOMAIN too, nothing under
// it exists, so no address of the prefix it stands for (a /8, /16 or /24
// of IPv4, a multiple of 4 bits of IPv6) has a PTR record, and it returns
// that prefix with the negative answer's TTL. ok is false when there is
// nothing to ask (the zone is addr's own parent, or not a reverse zone),
// the name exists, or the server's NXDOMAIN cannot be trusted. It sends
// EmptyPrefixQueries queries.
func (c *Client) EmptyPrefix(ctx context.Context, addr netip.Addr, zone string) (prefix netip.Prefix, ans Answer, ok bool, err error) {
	addr = addr.Unmap()
	probe, bits, ok := probeName(addr, zone)
	if !ok {
		return netip.Prefix{}, Answer{}, false, nil
	}
	zone = strings.ToLower(dns.Fqdn(zone))
	// A zone's apex exists: it owns the SOA. A server that calls it
	// NXDOMAIN also does so for names that exist (dnsmasq 2.90 answers
	// NXDOMAIN for empty non-terminals such as 1.18.198.in-addr.arpa when
	// 10.1.18.198.in-addr.arpa has a PTR), so its NXDOMAIN cannot stand
	// for a subtree (RFC 8020 section 4 warns of such servers).
	apex, err := c.lookup(ctx, zone)
	switch {
	case errors.Is(err, ErrNotFound) && apex.Zone != "":
		return netip.Prefix{}, Answer{}, false, nil
	case err != nil && !errors.Is(err, ErrNotFound):
		return netip.Prefix{}, Answer{}, false, err
	}
	ans, err = c.lookup(ctx, probe)
	if !errors.Is(err, ErrNotFound) {
		return netip.Prefix{}, Answer{}, false, err
	}
	if ans.Zone == "" { // NOERROR without data, or no SOA: the name exists
		return netip.Prefix{}, Answer{}, false, nil
	}
	prefix, _ = addr.Prefix(bits)
	return prefix, ans, true, nil
}

// EmptyPrefixQueries is how many queries EmptyPrefix sends: the zone's
// apex, then the probe.
const EmptyPrefixQueries = 2

// ProbePrefix is the prefix EmptyPrefix would ask about for addr and
// zone, so that a caller can skip asking twice.
func ProbePrefix(addr netip.Addr, zone string) (netip.Prefix, bool) {
	addr = addr.Unmap()
	_, bits, ok := probeName(addr, zone)
	if !ok {
		return netip.Prefix{}, false
	}
	p, _ := addr.Prefix(bits)
	return p, true
}

// probeName is the name one label below zone on the way to addr's
// reverse name, and the prefix length it stands for; false if that is the
// reverse name itself or zone is not under in-addr.arpa or ip6.arpa.
func probeName(addr netip.Addr, zone string) (string, int, bool) {
	qname, err := dns.ReverseAddr(addr.String())
	if err != nil {
		return "", 0, false
	}
	root, bitsPerLabel := "in-addr.arpa.", 8
	if addr.Is6() {
		root, bitsPerLabel = "ip6.arpa.", 4
	}
	zone = strings.ToLower(dns.Fqdn(zone))
	if !dns.IsSubDomain(root, zone) || !dns.IsSubDomain(zone, qname) {
		return "", 0, false
	}
	below := dns.CountLabel(zone) - dns.CountLabel(root) + 1 // labels of the probe under root
	if below >= dns.CountLabel(qname)-dns.CountLabel(root) {
		return "", 0, false
	}
	labels := dns.SplitDomainName(qname)
	probe := strings.Join(labels[len(labels)-dns.CountLabel(root)-below:], ".") + "."
	return probe, below * bitsPerLabel, true
}
