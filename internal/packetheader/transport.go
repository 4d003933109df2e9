// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package packetheader

import "encoding/binary"

const vxlanPort = 4789 // IANA, RFC 7348

// packetLayers are the Has bits that describe h.Packet, cleared when a tunnel's inner packet
// replaces it.
const packetLayers = HasIPv4 | HasIPv6 | HasFragment | HasPorts | HasTCPFlags | HasICMP

// transport decodes the upper-layer header of h.Protocol at the start of b.
func (p Parser) transport(b []byte, h *Header) error {
	switch h.Protocol {
	case protoTCP:
		return tcp(b, h)
	case protoUDP:
		if !ports(b, 8, h) {
			return nil
		}
		if h.DstPort == vxlanPort {
			return p.vxlan(b[8:], h)
		}
	case protoSCTP, protoDCCP, protoUDPLite:
		ports(b, 4, h)
	case protoICMP, protoICMPv6:
		// ICMP belongs to IPv4 and ICMPv6 to IPv6; the other pairing is not an ICMP header.
		if h.Version == 0 || (h.Protocol == protoICMP) == (h.Version == 4) {
			icmp(b, h)
		}
	case protoIPv4, protoIPv6, protoEthernet:
		if h.Version == 6 {
			return p.srv6(b, h)
		}
	}
	return nil
}

// ports decodes the source and destination ports every port-based transport starts with;
// need is the header length the protocol requires. It reports whether the header was whole.
func ports(b []byte, need int, h *Header) bool {
	if h.short(b, 4) {
		return false
	}
	h.SrcPort = binary.BigEndian.Uint16(b[0:2])
	h.DstPort = binary.BigEndian.Uint16(b[2:4])
	h.Has |= HasPorts
	if h.short(b, need) {
		return false
	}
	return true
}

func tcp(b []byte, h *Header) error {
	if !ports(b, 14, h) {
		return nil
	}
	if b[12]>>4 < 5 { // checked on the 14 bytes the flags need; 20 make the header whole
		return ErrTCPDataOffset
	}
	h.TCPFlags = binary.BigEndian.Uint16(b[12:14]) & 0x0fff
	h.Has |= HasTCPFlags
	h.Truncated = h.Truncated || len(b) < 20
	return nil
}

func icmp(b []byte, h *Header) {
	if h.short(b, 2) {
		return
	}
	h.ICMPType, h.ICMPCode = b[0], b[1]
	h.Has |= HasICMP
	h.Truncated = h.Truncated || len(b) < 8 // every ICMP message has an 8-byte header
}

// srv6 handles IPv4, IPv6 or Ethernet carried in IPv6, the way SRv6 services encapsulate
// (with a segment routing header, or without one in the reduced encapsulation).
func (p Parser) srv6(b []byte, h *Header) error {
	h.Tunnel |= TunnelSRv6
	if p.Decapsulate&TunnelSRv6 == 0 || h.Decapsulated {
		return nil
	}
	inner := h.Protocol
	outer := decapsulate(h)
	var err error
	switch inner {
	case protoIPv4:
		err = p.ipv4(b, h)
	case protoIPv6:
		err = p.ipv6(b, h)
	default:
		err = p.ethernet(b, h)
	}
	keepOuterUnlessIP(h, outer)
	return err
}

// vxlan decodes the VXLAN header after UDP port 4789 and, when asked, the frame it carries.
func (p Parser) vxlan(b []byte, h *Header) error {
	if h.short(b, 8) {
		return nil
	}
	if b[0]&0x08 == 0 { // I flag clear: no valid VNI, so not a VXLAN header we can use
		return nil
	}
	h.VNI = binary.BigEndian.Uint32(b[4:8]) >> 8
	h.Tunnel |= TunnelVXLAN
	h.Has |= HasVXLAN
	if p.Decapsulate&TunnelVXLAN == 0 || h.Decapsulated {
		return nil
	}
	outer := decapsulate(h)
	err := p.ethernet(b[8:], h)
	keepOuterUnlessIP(h, outer)
	return err
}

// outerLink is what an inner frame overwrites and keepOuterUnlessIP puts back.
type outerLink struct {
	has            Layers
	srcMAC, dstMAC [6]byte
	etherType      uint16
	vlanCount      uint8
	vlans          [MaxVLANs]uint16
}

// decapsulate moves the outer packet aside for the inner one to be decoded into h.Packet and
// returns what described the outer one.
func decapsulate(h *Header) outerLink {
	outer := outerLink{has: h.Has & (packetLayers | HasVLAN), srcMAC: h.SrcMAC, dstMAC: h.DstMAC,
		etherType: h.EtherType, vlanCount: h.VLANCount, vlans: h.VLANs}
	h.Outer = h.Packet
	h.Packet = Packet{}
	h.Has &^= packetLayers
	h.Decapsulated = true
	return outer
}

// keepOuterUnlessIP puts the outer packet back when no inner IP header was decoded (cut
// short, or not IP, such as ARP in VXLAN): a flow needs addresses.
func keepOuterUnlessIP(h *Header, outer outerLink) {
	if h.Has&(HasIPv4|HasIPv6) != 0 {
		return
	}
	h.Packet, h.Outer = h.Outer, Packet{}
	h.Has = h.Has&^(packetLayers|HasVLAN) | outer.has
	h.SrcMAC, h.DstMAC, h.EtherType = outer.srcMAC, outer.dstMAC, outer.etherType
	h.VLANCount, h.VLANs = outer.vlanCount, outer.vlans
	h.Decapsulated = false
}
