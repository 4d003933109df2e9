// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package names

// ICMP and ICMPv6 type and code names, curated from the IANA "ICMP Type
// Numbers" and "ICMPv6 Parameters" registries. Names are lower-case and
// hyphenated like iptables' --icmp-type keywords (echo-request,
// port-unreachable) so they can be queried as ECS keywords. Deprecated
// types keep their name: old stacks still send them.

// ICMPVersion tells the two type spaces apart: ICMP (IP protocol 1) and
// ICMPv6 (IP protocol 58) reuse numbers with different meanings.
type ICMPVersion uint8

const (
	ICMPv4 ICMPVersion = iota
	ICMPv6
)

// ICMPType returns the name of ICMP type t, or "" if it is not assigned.
func ICMPType(v ICMPVersion, t uint8) string {
	if v == ICMPv6 {
		return icmpv6Types[t]
	}
	return icmpv4Types[t]
}

// ICMPCode returns the name of code c of type t. named is false when the
// type defines no code names (echo-request has only code 0), so the caller
// can tell "nothing to name" from "unknown code".
func ICMPCode(v ICMPVersion, t, c uint8) (name string, named bool) {
	codes := icmpv4Codes[t]
	if v == ICMPv6 {
		codes = icmpv6Codes[t]
	}
	if len(codes) == 0 {
		return "", false
	}
	if int(c) < len(codes) {
		return codes[c], true
	}
	return "", true
}

var icmpv4Types = [256]string{
	0:   "echo-reply",
	3:   "destination-unreachable",
	4:   "source-quench",
	5:   "redirect",
	6:   "alternate-host-address",
	8:   "echo-request",
	9:   "router-advertisement",
	10:  "router-solicitation",
	11:  "time-exceeded",
	12:  "parameter-problem",
	13:  "timestamp-request",
	14:  "timestamp-reply",
	15:  "information-request",
	16:  "information-reply",
	17:  "address-mask-request",
	18:  "address-mask-reply",
	30:  "traceroute",
	40:  "photuris",
	41:  "experimental-mobility",
	42:  "extended-echo-request",
	43:  "extended-echo-reply",
	253: "experiment-1",
	254: "experiment-2",
}

// extendedEchoReplyCodes is shared by ICMP 43 and ICMPv6 161 (RFC 8335).
var extendedEchoReplyCodes = []string{
	"no-error", "malformed-query", "no-such-interface", "no-such-table-entry", "multiple-interfaces-satisfy-query",
}

// routerAdvertisementCodes: RFC 2002 adds code 16 to ICMP 9.
var routerAdvertisementCodes = func() []string {
	c := make([]string, 17)
	c[0], c[16] = "normal-router-advertisement", "does-not-route-common-traffic"
	return c
}()

var icmpv4Codes = [256][]string{
	3: {
		"network-unreachable", "host-unreachable", "protocol-unreachable", "port-unreachable",
		"fragmentation-needed", "source-route-failed", "network-unknown", "host-unknown",
		"source-host-isolated", "network-prohibited", "host-prohibited", "tos-network-unreachable",
		"tos-host-unreachable", "communication-prohibited", "host-precedence-violation", "precedence-cutoff",
	},
	5:  {"network-redirect", "host-redirect", "tos-network-redirect", "tos-host-redirect"},
	9:  routerAdvertisementCodes,
	11: {"ttl-zero-during-transit", "ttl-zero-during-reassembly"},
	12: {"ip-header-bad", "required-option-missing", "bad-length"},
	40: {"bad-spi", "authentication-failed", "decompression-failed", "decryption-failed", "need-authentication", "need-authorization"},
	43: extendedEchoReplyCodes,
}

var icmpv6Types = [256]string{
	1:   "destination-unreachable",
	2:   "packet-too-big",
	3:   "time-exceeded",
	4:   "parameter-problem",
	100: "private-experimentation-100",
	101: "private-experimentation-101",
	128: "echo-request",
	129: "echo-reply",
	130: "multicast-listener-query",
	131: "multicast-listener-report",
	132: "multicast-listener-done",
	133: "router-solicitation",
	134: "router-advertisement",
	135: "neighbor-solicitation",
	136: "neighbor-advertisement",
	137: "redirect",
	138: "router-renumbering",
	139: "node-information-query",
	140: "node-information-response",
	141: "inverse-neighbor-discovery-solicitation",
	142: "inverse-neighbor-discovery-advertisement",
	143: "multicast-listener-report-v2",
	144: "home-agent-address-discovery-request",
	145: "home-agent-address-discovery-reply",
	146: "mobile-prefix-solicitation",
	147: "mobile-prefix-advertisement",
	148: "certification-path-solicitation",
	149: "certification-path-advertisement",
	150: "experimental-mobility",
	151: "multicast-router-advertisement",
	152: "multicast-router-solicitation",
	153: "multicast-router-termination",
	154: "fmipv6",
	155: "rpl-control",
	156: "ilnpv6-locator-update",
	157: "duplicate-address-request",
	158: "duplicate-address-confirmation",
	159: "mpl-control",
	160: "extended-echo-request",
	161: "extended-echo-reply",
	200: "private-experimentation-200",
	201: "private-experimentation-201",
}

// routerRenumberingCodes: RFC 2894 uses 0, 1 and 255.
var routerRenumberingCodes = func() []string {
	c := make([]string, 256)
	c[0], c[1], c[255] = "command", "result", "sequence-number-reset"
	return c
}()

var icmpv6Codes = [256][]string{
	1: {
		"no-route", "communication-prohibited", "beyond-scope", "address-unreachable",
		"port-unreachable", "failed-policy", "reject-route", "source-routing-header-error", "headers-too-long",
	},
	3: {"hop-limit-exceeded", "fragment-reassembly-time-exceeded"},
	4: {
		"erroneous-header-field", "unrecognized-next-header", "unrecognized-ipv6-option",
		"incomplete-header-chain", "sr-upper-layer-header-error", "unrecognized-next-header-by-intermediate-node",
		"extension-header-too-big", "extension-header-chain-too-long", "too-many-extension-headers",
		"too-many-options", "option-too-big",
	},
	138: routerRenumberingCodes,
	139: {"ipv6-address-subject", "name-subject", "ipv4-address-subject"},
	140: {"successful", "refused", "unknown-qtype"},
	161: extendedEchoReplyCodes,
}
