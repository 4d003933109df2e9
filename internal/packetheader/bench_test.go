// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package packetheader

import (
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// BenchmarkParse decodes each test frame; BenchmarkGopacket decodes the same frames with
// gopacket's allocation-free DecodingLayerParser (which cannot decode MPLS: it stops there), as a yardstick for the ratio: run both in
// one `go test -bench . -benchmem ./internal/packetheader`.
func BenchmarkParse(b *testing.B) {
	p := Parser{Decapsulate: TunnelSRv6 | TunnelVXLAN}
	for _, f := range testFrames(b) {
		data := f.sampled()
		b.Run(f.name, func(b *testing.B) {
			var h Header
			b.ReportAllocs()
			for b.Loop() {
				_ = p.Parse(data, f.first, &h)
			}
		})
	}
}

func BenchmarkGopacket(b *testing.B) {
	var (
		eth  layers.Ethernet
		dot  layers.Dot1Q
		ip4  layers.IPv4
		ip6  layers.IPv6
		tcp  layers.TCP
		udp  layers.UDP
		icmp layers.ICMPv4
		pl   gopacket.Payload
	)
	for _, f := range testFrames(b) {
		if f.first != Ethernet {
			continue
		}
		data := f.sampled()
		b.Run(f.name, func(b *testing.B) {
			parser := gopacket.NewDecodingLayerParser(layers.LayerTypeEthernet, &eth, &dot, &ip4, &ip6, &tcp, &udp, &icmp, &pl)
			parser.IgnoreUnsupported = true
			decoded := make([]gopacket.LayerType, 0, 16)
			b.ReportAllocs()
			for b.Loop() {
				_ = parser.DecodeLayers(data, &decoded)
			}
		})
	}
}
