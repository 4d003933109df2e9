// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package iana

import (
	"strings"
	"unicode"
)

// KeyFor turns a registry name into Filebeat's snake_case field name, the Key of an Element:
// "sourceIPv4Address" -> "source_ipv4_address", "postNATSourceIPv4Address" ->
// "post_nat_source_ipv4_address". Names already in snake_case are kept.
func KeyFor(name string) string {
	// "IPv4"/"IPv6" are one word in Filebeat's names, not "I" + "Pv4".
	name = strings.NewReplacer("IPv4", "Ipv4", "IPv6", "Ipv6").Replace(name)
	r := []rune(name)
	var b strings.Builder
	for i, c := range r {
		if unicode.IsUpper(c) && i > 0 {
			prev := r[i-1]
			nextLower := i+1 < len(r) && unicode.IsLower(r[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				b.WriteByte('_')
			}
		}
		if c == ' ' || c == '-' {
			b.WriteByte('_')
			continue
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}
