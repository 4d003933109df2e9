// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package packetheader

import (
	"errors"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func addr(s string) netip.Addr { return netip.MustParseAddr(s) }

func macOf(s string) [6]byte { return [6]byte(mac(s)) }

// TestParseFrames checks every field of each test frame against values written from the
// frame's construction (independently of tshark, which TestParseAgreesWithTshark adds).
func TestParseFrames(t *testing.T) {
	a, b := macOf("00:1b:21:3a:4f:10"), macOf("3c:fd:fe:9e:7c:a1")
	cust1, cust2 := macOf("52:54:00:12:34:56"), macOf("52:54:00:ab:cd:ef")
	v4tcp := Packet{Version: 4, Src: addr("192.0.2.10"), Dst: addr("198.51.100.20"), Length: 140, TTL: 63, TOS: 0x28,
		Protocol: 6, Fragment: Fragment{ID: 0x1234, DontFragment: true}, SrcPort: 51234, DstPort: 443, TCPFlags: 0x18}
	v4udp := Packet{Version: 4, Src: addr("192.0.2.53"), Dst: addr("198.51.100.7"), Length: 128, TTL: 63, TOS: 0x28,
		Protocol: 17, Fragment: Fragment{ID: 0x1234, DontFragment: true}, SrcPort: 53123, DstPort: 53}
	v6tcp := Packet{Version: 6, Src: addr("2001:db8:1::10"), Dst: addr("2001:db8:2::20"), Length: 160, TTL: 60, TOS: 0xb8,
		FlowLabel: 0x12345, Protocol: 6, SrcPort: 443, DstPort: 50000, TCPFlags: 0x18}
	tests := []struct {
		frame  string
		parser Parser
		want   Header
	}{
		{frame: "ipv4-tcp", want: Header{Has: HasEthernet | HasIPv4 | HasPorts | HasTCPFlags,
			SrcMAC: a, DstMAC: b, EtherType: 0x0800, Packet: v4tcp}},
		{frame: "dot1q-ipv4-udp", want: Header{Has: HasEthernet | HasVLAN | HasIPv4 | HasPorts,
			SrcMAC: a, DstMAC: b, EtherType: 0x0800, VLANCount: 1, VLANs: [2]uint16{100}, Packet: v4udp}},
		{frame: "qinq-ipv6-tcp", want: Header{Has: HasEthernet | HasVLAN | HasIPv6 | HasPorts | HasTCPFlags,
			SrcMAC: a, DstMAC: b, EtherType: 0x86dd, VLANCount: 2, VLANs: [2]uint16{200, 30}, Packet: v6tcp}},
		{frame: "mpls-ipv4-udp", want: Header{Has: HasEthernet | HasMPLS | HasIPv4 | HasPorts,
			SrcMAC: a, DstMAC: b, EtherType: 0x8847, MPLSCount: 2,
			MPLSLabels: [8]LabelStackEntry{16005<<12 | 254, 24001<<12 | 0x100 | 254}, Packet: v4udp}},
		{frame: "eompls-cw-ipv4-tcp", want: Header{Has: HasEthernet | HasMPLS | HasControlWord | HasIPv4 | HasPorts | HasTCPFlags,
			SrcMAC: cust1, DstMAC: cust2, EtherType: 0x0800, MPLSCount: 2,
			MPLSLabels: [8]LabelStackEntry{299808<<12 | 254, 16<<12 | 0x100 | 254},
			Packet: Packet{Version: 4, Src: addr("10.1.1.1"), Dst: addr("10.2.2.2"), Length: 140, TTL: 63, TOS: 0x28,
				Protocol: 6, Fragment: Fragment{ID: 0x1234, DontFragment: true}, SrcPort: 40000, DstPort: 22, TCPFlags: 0x18}}},
		{frame: "eompls-nocw-vlan-ipv6-udp", want: Header{Has: HasEthernet | HasVLAN | HasMPLS | HasIPv6 | HasPorts,
			SrcMAC: cust1, DstMAC: macOf("a4:bb:6d:01:02:03"), EtherType: 0x86dd, VLANCount: 1, VLANs: [2]uint16{10},
			MPLSCount: 1, MPLSLabels: [8]LabelStackEntry{299808<<12 | 0x100 | 254},
			Packet: Packet{Version: 6, Src: addr("2001:db8:1::10"), Dst: addr("2001:db8:2::20"), Length: 148, TTL: 60,
				TOS: 0xb8, FlowLabel: 0x12345, Protocol: 17, SrcPort: 5353, DstPort: 5353}}},
		{frame: "srv6-srh-ipv6-tcp", want: Header{Has: HasEthernet | HasIPv6 | HasSRH,
			SrcMAC: a, DstMAC: b, EtherType: 0x86dd, Tunnel: TunnelSRv6,
			Packet: Packet{Version: 6, Src: addr("2001:db8:a::1"), Dst: addr("fc00:0:2::"), Length: 256, TTL: 60,
				TOS: 0xb8, FlowLabel: 0x12345, Protocol: 41},
			SegmentsLeft: 1, SegmentCount: 3, Segments: [8]netip.Addr{addr("fc00:0:3:e000::"), addr("fc00:0:2::"), addr("fc00:0:1::")}}},
		{frame: "srv6-srh-ipv6-tcp", parser: Parser{Decapsulate: TunnelSRv6}, want: Header{Has: HasEthernet | HasIPv6 | HasSRH | HasPorts | HasTCPFlags,
			SrcMAC: a, DstMAC: b, EtherType: 0x86dd, Tunnel: TunnelSRv6, Decapsulated: true,
			Outer: Packet{Version: 6, Src: addr("2001:db8:a::1"), Dst: addr("fc00:0:2::"), Length: 256, TTL: 60,
				TOS: 0xb8, FlowLabel: 0x12345, Protocol: 41},
			Packet: Packet{Version: 6, Src: addr("2001:db8:100::1"), Dst: addr("2001:db8:200::2"), Length: 160, TTL: 60,
				TOS: 0xb8, FlowLabel: 0x12345, Protocol: 6, SrcPort: 50000, DstPort: 443, TCPFlags: 0x18},
			SegmentsLeft: 1, SegmentCount: 3, Segments: [8]netip.Addr{addr("fc00:0:3:e000::"), addr("fc00:0:2::"), addr("fc00:0:1::")}}},
		// 128 bytes end 18 bytes into the inner IPv6 header: the outer packet and segments are whole.
		{frame: "srv6-srh-ipv6-tcp-cut128", parser: Parser{Decapsulate: TunnelSRv6}, want: Header{Has: HasEthernet | HasSRH,
			Truncated: true, SrcMAC: a, DstMAC: b, EtherType: 0x86dd, Tunnel: TunnelSRv6, Decapsulated: true,
			Outer: Packet{Version: 6, Src: addr("2001:db8:a::1"), Dst: addr("fc00:0:2::"), Length: 256, TTL: 60,
				TOS: 0xb8, FlowLabel: 0x12345, Protocol: 41},
			SegmentsLeft: 1, SegmentCount: 3, Segments: [8]netip.Addr{addr("fc00:0:3:e000::"), addr("fc00:0:2::"), addr("fc00:0:1::")}}},
		{frame: "srv6-reduced-ipv4-icmp", parser: Parser{Decapsulate: TunnelSRv6}, want: Header{Has: HasEthernet | HasIPv4 | HasICMP,
			SrcMAC: a, DstMAC: b, EtherType: 0x86dd, Tunnel: TunnelSRv6, Decapsulated: true,
			Outer: Packet{Version: 6, Src: addr("2001:db8:a::1"), Dst: addr("fc00:0:9:e000::"), Length: 168, TTL: 60,
				TOS: 0xb8, FlowLabel: 0x12345, Protocol: 4},
			Packet: Packet{Version: 4, Src: addr("172.16.0.1"), Dst: addr("172.16.0.2"), Length: 128, TTL: 63, TOS: 0x28,
				Protocol: 1, Fragment: Fragment{ID: 0x1234, DontFragment: true}, ICMPType: 8}}},
		{frame: "vxlan-ipv4-icmp", want: Header{Has: HasEthernet | HasIPv4 | HasPorts | HasVXLAN,
			SrcMAC: a, DstMAC: b, EtherType: 0x0800, Tunnel: TunnelVXLAN, VNI: 5001,
			Packet: Packet{Version: 4, Src: addr("10.0.0.1"), Dst: addr("10.0.0.2"), Length: 178, TTL: 63, TOS: 0x28,
				Protocol: 17, Fragment: Fragment{ID: 0x1234, DontFragment: true}, SrcPort: 49152, DstPort: 4789}}},
		{frame: "vxlan-ipv4-icmp", parser: Parser{Decapsulate: TunnelVXLAN}, want: Header{Has: HasEthernet | HasIPv4 | HasICMP | HasVXLAN,
			SrcMAC: cust1, DstMAC: cust2, EtherType: 0x0800, Tunnel: TunnelVXLAN, VNI: 5001, Decapsulated: true,
			Outer: Packet{Version: 4, Src: addr("10.0.0.1"), Dst: addr("10.0.0.2"), Length: 178, TTL: 63, TOS: 0x28,
				Protocol: 17, Fragment: Fragment{ID: 0x1234, DontFragment: true}, SrcPort: 49152, DstPort: 4789},
			Packet: Packet{Version: 4, Src: addr("172.16.0.1"), Dst: addr("172.16.0.2"), Length: 128, TTL: 63, TOS: 0x28,
				Protocol: 1, Fragment: Fragment{ID: 0x1234, DontFragment: true}, ICMPType: 3, ICMPCode: 3}}},
		{frame: "ipv4-first-fragment-udp", want: Header{Has: HasEthernet | HasIPv4 | HasFragment | HasPorts,
			SrcMAC: a, DstMAC: b, EtherType: 0x0800, Packet: Packet{Version: 4, Src: addr("192.0.2.10"), Dst: addr("198.51.100.20"),
				Length: 128, TTL: 63, TOS: 0x28, Protocol: 17, Fragment: Fragment{ID: 0x1234, More: true}, SrcPort: 4000, DstPort: 4001}}},
		{frame: "ipv4-later-fragment", want: Header{Has: HasEthernet | HasIPv4 | HasFragment,
			SrcMAC: a, DstMAC: b, EtherType: 0x0800, Packet: Packet{Version: 4, Src: addr("192.0.2.10"), Dst: addr("198.51.100.20"),
				Length: 120, TTL: 63, TOS: 0x28, Protocol: 17, Fragment: Fragment{ID: 0x1234, Offset: 1480, DontFragment: true}}}},
		{frame: "ipv6-fragment-udp", want: Header{Has: HasEthernet | HasIPv6 | HasFragment | HasPorts,
			SrcMAC: a, DstMAC: b, EtherType: 0x86dd, Packet: Packet{Version: 6, Src: addr("2001:db8:1::10"), Dst: addr("2001:db8:2::20"),
				Length: 156, TTL: 60, TOS: 0xb8, FlowLabel: 0x12345, Protocol: 17, Fragment: Fragment{ID: 0xdeadbeef, More: true},
				SrcPort: 4000, DstPort: 4001}}},
		{frame: "ipv6-icmpv6", want: Header{Has: HasEthernet | HasIPv6 | HasICMP,
			SrcMAC: a, DstMAC: b, EtherType: 0x86dd, Packet: Packet{Version: 6, Src: addr("2001:db8:1::10"), Dst: addr("2001:db8:2::20"),
				Length: 148, TTL: 60, TOS: 0xb8, FlowLabel: 0x12345, Protocol: 58, ICMPType: 128}}},
		{frame: "ipv4-options-tcp", want: Header{Has: HasEthernet | HasIPv4 | HasPorts | HasTCPFlags,
			SrcMAC: a, DstMAC: b, EtherType: 0x0800, Packet: Packet{Version: 4, Src: addr("192.0.2.10"), Dst: addr("198.51.100.20"),
				Length: 148, TTL: 63, TOS: 0x28, Protocol: 6, Fragment: Fragment{ID: 0x1234, DontFragment: true},
				SrcPort: 51234, DstPort: 443, TCPFlags: 0x18}}},
		{frame: "ipv4-tcp-cut-in-ports", want: Header{Has: HasEthernet | HasIPv4 | HasPorts, Truncated: true,
			SrcMAC: a, DstMAC: b, EtherType: 0x0800, Packet: Packet{Version: 4, Src: addr("192.0.2.10"), Dst: addr("198.51.100.20"),
				Length: 140, TTL: 63, TOS: 0x28, Protocol: 6, Fragment: Fragment{ID: 0x1234, DontFragment: true}, SrcPort: 51234, DstPort: 443}}},
		{frame: "raw-ipv4-udp", want: Header{Has: HasIPv4 | HasPorts, Packet: v4udp}},
		{frame: "raw-ip-ipv6-tcp", want: Header{Has: HasIPv6 | HasPorts | HasTCPFlags, Packet: v6tcp}},
		{frame: "raw-mpls-ipv6-tcp", want: Header{Has: HasMPLS | HasIPv6 | HasPorts | HasTCPFlags,
			MPLSCount: 1, MPLSLabels: [8]LabelStackEntry{3<<12 | 0x100 | 254}, Packet: v6tcp}},
	}
	for _, tt := range tests {
		t.Run(tt.frame, func(t *testing.T) {
			f := frameByName(t, tt.frame)
			var h Header
			require.NoError(t, tt.parser.Parse(f.sampled(), f.first, &h))
			assert.Equal(t, tt.want, h)
		})
	}
}

func TestParseMalformed(t *testing.T) {
	v4 := frameByName(t, "ipv4-tcp").data
	tests := []struct {
		name  string
		edit  func(b []byte) []byte
		first Layer
		want  error
	}{
		{"ipv4 header length 3 words", func(b []byte) []byte { b[14] = 0x43; return b }, Ethernet, ErrIPv4HeaderLen},
		{"EtherType IPv4 carrying version 6", func(b []byte) []byte { b[14] = 0x65; return b }, Ethernet, ErrIPVersion},
		{"IP with version 5", func(b []byte) []byte { b[14] = 0x55; return b[14:] }, IP, ErrIPVersion},
		{"TCP data offset 2", func(b []byte) []byte { b[14+20+12] = 0x20; return b }, Ethernet, ErrTCPDataOffset},
		{"unknown first layer", func(b []byte) []byte { return b }, Layer(99), ErrUnknownLayer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h Header
			err := Parse(tt.edit(append([]byte(nil), v4...)), tt.first, &h)
			require.ErrorIs(t, err, tt.want)
			if tt.want != ErrUnknownLayer {
				assert.ErrorIs(t, err, ErrMalformed)
			}
		})
	}
	t.Run("segment list longer than the routing header", func(t *testing.T) {
		b := append([]byte(nil), frameByName(t, "srv6-srh-ipv6-tcp").data...)
		b[14+40+4] = 5 // last entry 5: six segments in a header sized for three
		var h Header
		require.ErrorIs(t, Parse(b, Ethernet, &h), ErrRoutingHeader)
		assert.Equal(t, addr("fc00:0:2::"), h.Dst, "what came before the error stays decoded")
	})
}

// TestParseEveryCut parses each frame cut at every length: no error and no panic, and a cut
// frame never reports more layers than the whole one.
func TestParseEveryCut(t *testing.T) {
	p := Parser{Decapsulate: TunnelSRv6 | TunnelVXLAN}
	for _, f := range testFrames(t) {
		var whole, cut Header
		require.NoError(t, p.Parse(f.data, f.first, &whole), f.name)
		for n := range len(f.data) {
			require.NoError(t, p.Parse(f.data[:n], f.first, &cut), "%s cut at %d", f.name, n)
			if cut.Decapsulated == whole.Decapsulated { // else Packet is the outer packet in one, the inner in the other
				assert.Zero(t, cut.Has&^whole.Has, "%s cut at %d has layers the whole frame has not", f.name, n)
			}
			assert.True(t, cut.Truncated || n >= len(f.data)-len(payload100), "%s cut at %d not marked truncated", f.name, n)
		}
	}
}

func TestParseTransport(t *testing.T) {
	var h Header
	require.NoError(t, Parser{}.ParseTransport([]byte{0xc8, 0x22, 0x01, 0xbb, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x12}, 4, 6, &h))
	assert.Equal(t, HasPorts|HasTCPFlags, h.Has)
	assert.Equal(t, [3]uint16{51234, 443, 0x12}, [3]uint16{h.SrcPort, h.DstPort, h.TCPFlags})
	require.NoError(t, Parser{}.ParseTransport([]byte{3, 1}, 0, 1, &h))
	assert.Equal(t, [2]uint8{3, 1}, [2]uint8{h.ICMPType, h.ICMPCode})
}

func TestSFlowLayer(t *testing.T) {
	for proto, want := range map[uint32]Layer{1: Ethernet, 11: IPv4, 12: IPv6, 13: MPLS} {
		got, ok := SFlowLayer(proto)
		assert.True(t, ok)
		assert.Equal(t, want, got)
	}
	_, ok := SFlowLayer(15) // 802.11
	assert.False(t, ok)
}

func TestErrorsUnwrap(t *testing.T) {
	assert.True(t, errors.Is(ErrIPVersion, ErrMalformed))
	assert.Equal(t, "packet header: IPv4: header length below 20 bytes", ErrIPv4HeaderLen.Error())
}

func TestParseDoesNotAllocate(t *testing.T) {
	p := Parser{Decapsulate: TunnelSRv6 | TunnelVXLAN}
	for _, f := range testFrames(t) {
		var h Header
		data := f.sampled()
		allocs := testing.AllocsPerRun(100, func() { _ = p.Parse(data, f.first, &h) })
		assert.Zero(t, allocs, f.name)
	}
}
