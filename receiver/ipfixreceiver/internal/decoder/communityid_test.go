// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Vectors from the Community ID spec's baseline (corelight/community-id-spec, baseline.txt).
func TestCommunityIDSpecVectors(t *testing.T) {
	cases := []struct {
		src, dst     string
		proto        uint8
		sport, dport uint16 // ICMP: type and code
		want         string
	}{
		{"1.2.3.4", "5.6.7.8", 6, 1122, 3344, "1:wCb3OG7yAFWelaUydu0D+125CLM="},
		{"5.6.7.8", "1.2.3.4", 6, 3344, 1122, "1:wCb3OG7yAFWelaUydu0D+125CLM="},
		{"1.2.3.4", "5.6.7.8", 17, 1122, 3344, "1:0Mu9InQx6z4ZiCZM/7HXi2WMhOg="},
		{"5.6.7.8", "1.2.3.4", 17, 3344, 1122, "1:0Mu9InQx6z4ZiCZM/7HXi2WMhOg="},
		{"1.2.3.4", "5.6.7.8", 132, 1122, 3344, "1:EKt4MsxuyaE6mL+hmrEkQ9csDD8="},
		{"1.2.3.4", "5.6.7.8", 1, 8, 0, "1:crodRHL2FEsHjbv3UkRrfbs4bZ0="},
		{"5.6.7.8", "1.2.3.4", 1, 0, 0, "1:crodRHL2FEsHjbv3UkRrfbs4bZ0="},
		{"1.2.3.4", "5.6.7.8", 1, 11, 0, "1:f/YiSyWqczrTgfUCZlBUnvHRcPk="},
		{"fe80:1:203:405:607:809:a0b:c0d", "fe80:1011:1213:1415:1617:1819:1a1b:1c1d", 58, 128, 0, "1:0bf7hyMJUwt3fMED7z8LIfRpBeo="},
		{"1.2.3.4", "5.6.7.8", 46, 0, 0, "1:ikv3kmf89luf73WPz1jOs49S768="},
		{"5.6.7.8", "1.2.3.4", 46, 0, 0, "1:ikv3kmf89luf73WPz1jOs49S768="},
	}
	var f flow
	for _, c := range cases {
		f.reset()
		src, dst := netip.MustParseAddr(c.src), netip.MustParseAddr(c.dst)
		f.setAddr(rSrcAddr, src, c.src)
		f.setAddr(rDstAddr, dst, c.dst)
		f.set(rProto, uint64(c.proto))
		if c.proto == protoICMP || c.proto == protoICMPv6 {
			f.set(rICMPType, uint64(c.sport))
			f.set(rICMPCode, uint64(c.dport))
		} else {
			f.set(rSrcPort, uint64(c.sport))
			f.set(rDstPort, uint64(c.dport))
		}
		got, ok := f.communityID()
		assert.True(t, ok)
		assert.Equal(t, c.want, got, "%+v", c)
	}
}
