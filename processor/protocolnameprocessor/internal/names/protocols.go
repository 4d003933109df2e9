// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package names

// Case selects how protocol keywords are spelled.
type Case uint8

const (
	// Lower is "tcp", "ipv6-icmp": what ECS network.transport asks for.
	Lower Case = iota
	// Upper is "TCP", "IPV6-ICMP".
	Upper
	// IANA is the registry's own mixed case, "TCP", "IPv6-ICMP": the form the
	// seed's Logstash translate dictionary produced.
	IANA
)

// Protocol returns the keyword of IP protocol number n in case c, or "" when
// the registry gives n no keyword (unassigned, reserved, experimental, or an
// "any ... protocol" placeholder).
func Protocol(n uint8, c Case) string {
	switch c {
	case Upper:
		return protocolUpper[n]
	case IANA:
		return protocolIANA[n]
	default:
		return protocolLower[n]
	}
}
