// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package packetheader // import "github.com/otelcol-flows/otelcol-flows/internal/packetheader"

import "net/netip"

// Layer is the protocol a sampled header starts with.
type Layer uint8

const (
	// Ethernet: an Ethernet II frame (sFlow header_protocol 1, IPFIX dataLinkFrameSection with
	// dataLinkFrameType IEEE 802.3).
	Ethernet Layer = iota + 1
	// IPv4: an IPv4 header (sFlow header_protocol 11).
	IPv4
	// IPv6: an IPv6 header (sFlow header_protocol 12).
	IPv6
	// IP: an IPv4 or IPv6 header told apart by the version nibble (IPFIX ipHeaderPacketSection).
	IP
	// MPLS: an MPLS label stack (sFlow header_protocol 13).
	MPLS
)

// Sizes of the fixed arrays in Header. Entries beyond them are walked but not stored.
const (
	MaxVLANs      = 2
	MaxMPLSLabels = 8
	MaxSegments   = 8
)

// Layers records which headers Parse decoded.
type Layers uint16

const (
	HasEthernet    Layers = 1 << iota // SrcMAC, DstMAC, EtherType
	HasVLAN                           // VLANs[:VLANCount]
	HasMPLS                           // MPLSLabels[:MPLSCount]
	HasControlWord                    // a pseudowire control word followed the label stack
	HasIPv4                           // IP fields, Version 4
	HasIPv6                           // IP fields, Version 6
	HasFragment                       // IP.Fragment (an IPv4 fragment or an IPv6 fragment header)
	HasSRH                            // SRv6: the IPv6 segment routing header fields
	HasPorts                          // SrcPort, DstPort (TCP, UDP, SCTP, DCCP, UDP-Lite)
	HasTCPFlags                       // TCPFlags
	HasICMP                           // ICMPType, ICMPCode (ICMP over IPv4, ICMPv6 over IPv6)
	HasVXLAN                          // VNI
)

// Tunnel names an encapsulation Parse recognises. As a Parser option the values combine.
type Tunnel uint8

const (
	// TunnelSRv6: IPv4, IPv6 or Ethernet carried in IPv6 (with or without a segment routing
	// header), as SRv6 L3 and L2 services (RFC 8986 End.DT4/DT6/DX2) encapsulate them.
	TunnelSRv6 Tunnel = 1 << iota
	// TunnelVXLAN: Ethernet in UDP to port 4789 (RFC 7348).
	TunnelVXLAN
)

// LabelStackEntry is one 32-bit MPLS label stack entry as on the wire (RFC 3032).
type LabelStackEntry uint32

// Label is the 20-bit label value.
func (e LabelStackEntry) Label() uint32 { return uint32(e) >> 12 }

// TrafficClass is the 3-bit traffic class (formerly EXP).
func (e LabelStackEntry) TrafficClass() uint8 { return uint8(e>>9) & 7 }

// BottomOfStack reports the S bit.
func (e LabelStackEntry) BottomOfStack() bool { return e&0x100 != 0 }

// TTL is the entry's time to live.
func (e LabelStackEntry) TTL() uint8 { return uint8(e) }

// Fragment describes an IP fragment.
type Fragment struct {
	ID     uint32 // IPv4 identification or IPv6 fragment header identification
	Offset uint16 // in bytes from the start of the original datagram's payload
	More   bool   // more fragments follow
	// DontFragment is the IPv4 DF bit (set on many unfragmented packets: Offset 0, More false).
	DontFragment bool
}

// IsFragment reports whether the packet is a fragment (the first one included).
func (f Fragment) IsFragment() bool { return f.More || f.Offset != 0 }

// Packet is the network and transport part of one packet: the fields a flow is keyed and
// counted by.
type Packet struct {
	Version  uint8 // 4 or 6; 0 when no IP header was decoded
	Src, Dst netip.Addr
	// Length is the IP total length the header states (IPv6: 40 + payload length), not the
	// sampled length: what a flow's byte counter counts for this packet.
	Length    uint16
	TTL       uint8  // IPv4 TTL or IPv6 hop limit
	TOS       uint8  // IPv4 type of service or IPv6 traffic class; DSCP is TOS>>2
	FlowLabel uint32 // IPv6 only
	// Protocol is the transport protocol: for IPv6 the next header after the extension headers.
	Protocol uint8
	Fragment Fragment
	SrcPort  uint16
	DstPort  uint16
	// TCPFlags are the low 12 bits of TCP header bytes 12-13 (flags, ECN and reserved bits
	// without the data offset), as IPFIX tcpControlBits carries them.
	TCPFlags uint16
	ICMPType uint8
	ICMPCode uint8
}

// Header is a sampled packet header, decoded. The zero value means nothing decoded; Has says
// which fields hold data.
type Header struct {
	Has Layers
	// Truncated: the data ended inside a header Parse would have decoded (sampled headers are
	// cut, typically at 128 bytes). The fields Has lists are complete.
	Truncated bool

	// Ethernet. With a pseudowire or a decapsulated VXLAN tunnel these are the inner frame's:
	// the Ethernet header nearest the IP header.
	SrcMAC, DstMAC [6]byte
	// EtherType is the type after the VLAN tags (0 for an IEEE 802.3 length field).
	EtherType uint16
	VLANCount uint8 // tags seen, which can exceed MaxVLANs
	VLANs     [MaxVLANs]uint16
	// MPLS label stack, top first.
	MPLSCount  uint8 // entries seen, which can exceed MaxMPLSLabels
	MPLSLabels [MaxMPLSLabels]LabelStackEntry

	// Packet holds the flow's addresses, ports and counters: the innermost packet when a tunnel
	// was decapsulated, otherwise the outer one.
	Packet

	// SRv6 segment routing header (RFC 8754) of the outer IPv6 header.
	SegmentsLeft uint8
	SegmentCount uint8 // segments in the list (last entry + 1); Segments holds the first MaxSegments
	Segments     [MaxSegments]netip.Addr

	// Tunnel is the encapsulation recognised (0 when none), VNI the VXLAN network identifier.
	Tunnel Tunnel
	VNI    uint32
	// Decapsulated: Packet describes the tunnel's inner packet and Outer the outer one.
	Decapsulated bool
	Outer        Packet
}

// VLAN returns the outermost VLAN ID, or 0 when the frame has no tag.
func (h *Header) VLAN() uint16 {
	if h.VLANCount == 0 {
		return 0
	}
	return h.VLANs[0]
}

// InnerVLAN returns the customer VLAN ID of a QinQ (802.1ad) frame, or 0.
func (h *Header) InnerVLAN() uint16 {
	if h.VLANCount < 2 {
		return 0
	}
	return h.VLANs[1]
}
