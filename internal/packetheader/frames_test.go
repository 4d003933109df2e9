// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package packetheader

import (
	"net"
	"net/netip"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// testFrame is a frame as an exporter samples it: the whole packet, of which the first
// snap bytes (0: all) are exported.
type testFrame struct {
	name  string
	data  []byte
	first Layer
	snap  int
}

func (f testFrame) sampled() []byte {
	if f.snap > 0 && f.snap < len(f.data) {
		return f.data[:f.snap]
	}
	return f.data
}

func serialize(tb testing.TB, ls ...gopacket.SerializableLayer) []byte {
	tb.Helper()
	buf := gopacket.NewSerializeBuffer()
	opts := gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}
	if err := gopacket.SerializeLayers(buf, opts, ls...); err != nil {
		tb.Fatal(err)
	}
	return append([]byte(nil), buf.Bytes()...)
}

func mac(s string) net.HardwareAddr {
	m, err := net.ParseMAC(s)
	if err != nil {
		panic(err)
	}
	return m
}

func ipBytes(s string) net.IP { return netip.MustParseAddr(s).AsSlice() }

func ethLayer(src, dst string, t layers.EthernetType) *layers.Ethernet {
	return &layers.Ethernet{SrcMAC: mac(src), DstMAC: mac(dst), EthernetType: t}
}

func ipv4Layer(src, dst string, proto layers.IPProtocol) *layers.IPv4 {
	return &layers.IPv4{Version: 4, IHL: 5, TTL: 63, TOS: 0x28, Id: 0x1234, Flags: layers.IPv4DontFragment,
		Protocol: proto, SrcIP: ipBytes(src), DstIP: ipBytes(dst)}
}

func ipv6Layer(src, dst string, next layers.IPProtocol) *layers.IPv6 {
	return &layers.IPv6{Version: 6, TrafficClass: 0xb8, FlowLabel: 0x12345, HopLimit: 60,
		NextHeader: next, SrcIP: ipBytes(src), DstIP: ipBytes(dst)}
}

func tcpLayer(src, dst uint16, net gopacket.NetworkLayer) *layers.TCP {
	t := &layers.TCP{SrcPort: layers.TCPPort(src), DstPort: layers.TCPPort(dst), Seq: 1000, Ack: 2000,
		ACK: true, PSH: true, Window: 64240}
	_ = t.SetNetworkLayerForChecksum(net)
	return t
}

func udpLayer(src, dst uint16, net gopacket.NetworkLayer) *layers.UDP {
	u := &layers.UDP{SrcPort: layers.UDPPort(src), DstPort: layers.UDPPort(dst)}
	_ = u.SetNetworkLayerForChecksum(net)
	return u
}

func mplsLayer(label uint32, bottom bool) *layers.MPLS {
	return &layers.MPLS{Label: label, StackBottom: bottom, TTL: 254}
}

// srh is an RFC 8754 segment routing header; segments in wire order (the last segment first).
func srh(next layers.IPProtocol, segmentsLeft uint8, segments ...string) gopacket.Payload {
	b := make([]byte, 8, 8+16*len(segments))
	b[0], b[1], b[2], b[3], b[4] = byte(next), byte(2*len(segments)), 4, segmentsLeft, byte(len(segments)-1)
	for _, s := range segments {
		b = append(b, ipBytes(s)...)
	}
	return b
}

var payload100 = gopacket.Payload(make([]byte, 100))

// testFrames are the frames the table, tshark and fuzz tests share: the encapsulations seen
// in dataLinkFrameSection and sFlow exports (VLAN, QinQ, MPLS, Ethernet pseudowires with and
// without control word, SRv6, VXLAN, fragments), whole and cut as exporters cut them.
func testFrames(tb testing.TB) []testFrame {
	// Most frames carry a packet between the same two hosts.
	host4 := func(proto layers.IPProtocol) *layers.IPv4 { return ipv4Layer("192.0.2.10", "198.51.100.20", proto) }
	host6 := func(next layers.IPProtocol) *layers.IPv6 { return ipv6Layer("2001:db8:1::10", "2001:db8:2::20", next) }
	v4 := host4(layers.IPProtocolTCP)
	v4udp := ipv4Layer("192.0.2.53", "198.51.100.7", layers.IPProtocolUDP)
	v6 := host6(layers.IPProtocolTCP)
	v6udp := host6(layers.IPProtocolUDP)
	cust4 := ipv4Layer("10.1.1.1", "10.2.2.2", layers.IPProtocolTCP)
	srOuter := ipv6Layer("2001:db8:a::1", "fc00:0:2::", layers.IPProtocolIPv6Routing)
	srInner := ipv6Layer("2001:db8:100::1", "2001:db8:200::2", layers.IPProtocolTCP)
	redOuter := ipv6Layer("2001:db8:a::1", "fc00:0:9:e000::", layers.IPProtocolIPv4)
	icmpInner := ipv4Layer("172.16.0.1", "172.16.0.2", layers.IPProtocolICMPv4)
	vxOuter := ipv4Layer("10.0.0.1", "10.0.0.2", layers.IPProtocolUDP)
	vxInner := ipv4Layer("172.16.0.1", "172.16.0.2", layers.IPProtocolICMPv4)
	frag1 := host4(layers.IPProtocolUDP)
	frag1.Flags = layers.IPv4MoreFragments
	frag2 := host4(layers.IPProtocolUDP)
	frag2.FragOffset = 185 // 1480 bytes
	v6frag := host6(layers.IPProtocolIPv6Fragment)
	opts4 := host4(layers.IPProtocolTCP)
	opts4.Options = []layers.IPv4Option{{OptionType: 7, OptionLength: 7, OptionData: []byte{4, 0, 0, 0, 0}}} // record route
	v6icmp := host6(layers.IPProtocolICMPv6)
	icmp6 := &layers.ICMPv6{TypeCode: layers.CreateICMPv6TypeCode(layers.ICMPv6TypeEchoRequest, 0)}
	_ = icmp6.SetNetworkLayerForChecksum(v6icmp)

	const a, b = "00:1b:21:3a:4f:10", "3c:fd:fe:9e:7c:a1"
	cw := gopacket.Payload{0, 0, 0, 0}
	srv6 := serialize(tb, ethLayer(a, b, layers.EthernetTypeIPv6), srOuter,
		srh(layers.IPProtocolIPv6, 1, "fc00:0:3:e000::", "fc00:0:2::", "fc00:0:1::"),
		srInner, tcpLayer(50000, 443, srInner), payload100)
	return []testFrame{
		{name: "ipv4-tcp", first: Ethernet, data: serialize(tb, ethLayer(a, b, layers.EthernetTypeIPv4), v4, tcpLayer(51234, 443, v4), payload100)},
		{name: "dot1q-ipv4-udp", first: Ethernet, data: serialize(tb, ethLayer(a, b, layers.EthernetTypeDot1Q),
			&layers.Dot1Q{Priority: 3, VLANIdentifier: 100, Type: layers.EthernetTypeIPv4}, v4udp, udpLayer(53123, 53, v4udp), payload100)},
		{name: "qinq-ipv6-tcp", first: Ethernet, data: serialize(tb, ethLayer(a, b, layers.EthernetTypeQinQ),
			&layers.Dot1Q{VLANIdentifier: 200, Type: layers.EthernetTypeDot1Q},
			&layers.Dot1Q{VLANIdentifier: 30, Type: layers.EthernetTypeIPv6}, v6, tcpLayer(443, 50000, v6), payload100)},
		{name: "mpls-ipv4-udp", first: Ethernet, data: serialize(tb, ethLayer(a, b, layers.EthernetTypeMPLSUnicast),
			mplsLayer(16005, false), mplsLayer(24001, true), v4udp, udpLayer(53123, 53, v4udp), payload100)},
		{name: "eompls-cw-ipv4-tcp", first: Ethernet, data: serialize(tb, ethLayer(a, b, layers.EthernetTypeMPLSUnicast),
			mplsLayer(299808, false), mplsLayer(16, true), cw, ethLayer("52:54:00:12:34:56", "52:54:00:ab:cd:ef", layers.EthernetTypeIPv4),
			cust4, tcpLayer(40000, 22, cust4), payload100)},
		{name: "eompls-nocw-vlan-ipv6-udp", first: Ethernet, data: serialize(tb, ethLayer(a, b, layers.EthernetTypeMPLSUnicast),
			mplsLayer(299808, true), ethLayer("52:54:00:12:34:56", "a4:bb:6d:01:02:03", layers.EthernetTypeDot1Q),
			&layers.Dot1Q{VLANIdentifier: 10, Type: layers.EthernetTypeIPv6}, v6udp, udpLayer(5353, 5353, v6udp), payload100)},
		{name: "srv6-srh-ipv6-tcp", first: Ethernet, data: srv6},
		{name: "srv6-srh-ipv6-tcp-cut128", first: Ethernet, data: srv6, snap: 128},
		{name: "srv6-reduced-ipv4-icmp", first: Ethernet, data: serialize(tb, ethLayer(a, b, layers.EthernetTypeIPv6), redOuter,
			icmpInner, &layers.ICMPv4{TypeCode: layers.CreateICMPv4TypeCode(layers.ICMPv4TypeEchoRequest, 0), Id: 7, Seq: 1}, payload100)},
		{name: "vxlan-ipv4-icmp", first: Ethernet, data: serialize(tb, ethLayer(a, b, layers.EthernetTypeIPv4), vxOuter,
			udpLayer(49152, 4789, vxOuter), &layers.VXLAN{ValidIDFlag: true, VNI: 5001},
			ethLayer("52:54:00:12:34:56", "52:54:00:ab:cd:ef", layers.EthernetTypeIPv4), vxInner,
			&layers.ICMPv4{TypeCode: layers.CreateICMPv4TypeCode(layers.ICMPv4TypeDestinationUnreachable, 3)}, payload100)},
		{name: "ipv4-first-fragment-udp", first: Ethernet, data: serialize(tb, ethLayer(a, b, layers.EthernetTypeIPv4), frag1, udpLayer(4000, 4001, frag1), payload100)},
		{name: "ipv4-later-fragment", first: Ethernet, data: serialize(tb, ethLayer(a, b, layers.EthernetTypeIPv4), frag2, payload100)},
		{name: "ipv6-fragment-udp", first: Ethernet, data: serialize(tb, ethLayer(a, b, layers.EthernetTypeIPv6), v6frag,
			&layers.IPv6Fragment{NextHeader: layers.IPProtocolUDP, MoreFragments: true, Identification: 0xdeadbeef},
			udpLayer(4000, 4001, v6frag), payload100)},
		{name: "ipv6-icmpv6", first: Ethernet, data: serialize(tb, ethLayer(a, b, layers.EthernetTypeIPv6), v6icmp, icmp6,
			&layers.ICMPv6Echo{Identifier: 1, SeqNumber: 2}, payload100)},
		{name: "ipv4-options-tcp", first: Ethernet, data: serialize(tb, ethLayer(a, b, layers.EthernetTypeIPv4), opts4, tcpLayer(51234, 443, opts4), payload100)},
		{name: "ipv4-tcp-cut-in-ports", first: Ethernet, data: serialize(tb, ethLayer(a, b, layers.EthernetTypeIPv4), v4, tcpLayer(51234, 443, v4), payload100), snap: 14 + 20 + 6},
		{name: "raw-ipv4-udp", first: IPv4, data: serialize(tb, v4udp, udpLayer(53123, 53, v4udp), payload100)},
		{name: "raw-ip-ipv6-tcp", first: IP, data: serialize(tb, v6, tcpLayer(443, 50000, v6), payload100)},
		{name: "raw-mpls-ipv6-tcp", first: MPLS, data: serialize(tb, mplsLayer(3, true), v6, tcpLayer(443, 50000, v6), payload100)},
	}
}

// frameByName returns the named frame of testFrames.
func frameByName(tb testing.TB, name string) testFrame {
	for _, f := range testFrames(tb) {
		if f.name == name {
			return f
		}
	}
	tb.Fatalf("no test frame %q", name)
	return testFrame{}
}
