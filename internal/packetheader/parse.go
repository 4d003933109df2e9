// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package packetheader

import "encoding/binary"

// EtherTypes Parse follows.
const (
	etherTypeIPv4      = 0x0800
	etherTypeIPv6      = 0x86dd
	etherTypeVLAN      = 0x8100 // IEEE 802.1Q
	etherTypeQinQ      = 0x88a8 // IEEE 802.1ad service tag
	etherTypeQinQOld   = 0x9100 // pre-standard QinQ, still sent by some switches
	etherTypeMPLS      = 0x8847
	etherTypeMPLSMulti = 0x8848
)

// Parser decodes sampled packet headers. The zero value reports the outer packet of every
// tunnel; Decapsulate names the tunnels whose inner packet becomes the flow's.
type Parser struct {
	Decapsulate Tunnel
}

// Parse decodes data, which starts with a first header, into h with the zero Parser.
func Parse(data []byte, first Layer, h *Header) error {
	return Parser{}.Parse(data, first, h)
}

// Parse decodes data, which starts with a first header, into h (reset first). It decodes as
// far as the data goes: a header cut short sets h.Truncated and is not an error. An error
// (unwrapping to ErrMalformed) means the data contradicts the protocol; the fields h.Has lists
// were decoded before that point and remain valid. Parse does not allocate.
func (p Parser) Parse(data []byte, first Layer, h *Header) error {
	*h = Header{}
	switch first {
	case Ethernet:
		return p.ethernet(data, h)
	case IPv4:
		return p.ipv4(data, h)
	case IPv6:
		return p.ipv6(data, h)
	case IP:
		return p.ip(data, h)
	case MPLS:
		return p.mpls(data, h)
	}
	return ErrUnknownLayer
}

// ethernet decodes an Ethernet II header with any number of 802.1Q/802.1ad tags (the first
// MaxVLANs kept, outermost first) and what it carries.
func (p Parser) ethernet(b []byte, h *Header) error {
	if h.short(b, 14) {
		return nil
	}
	copy(h.DstMAC[:], b[0:6])
	copy(h.SrcMAC[:], b[6:12])
	// An inner frame (pseudowire, VXLAN) replaces the outer frame's tags along with its MACs.
	h.Has = h.Has&^HasVLAN | HasEthernet
	h.VLANCount, h.VLANs = 0, [MaxVLANs]uint16{}
	etherType, off := binary.BigEndian.Uint16(b[12:14]), 14
	for isVLANTag(etherType) {
		if h.short(b, off+4) {
			return nil
		}
		if h.VLANCount < MaxVLANs {
			h.VLANs[h.VLANCount] = binary.BigEndian.Uint16(b[off:]) & 0x0fff
		}
		h.VLANCount++
		h.Has |= HasVLAN
		etherType, off = binary.BigEndian.Uint16(b[off+2:]), off+4
	}
	if etherType < 0x0600 { // IEEE 802.3 length field: LLC follows, not an IP packet
		etherType = 0
	}
	h.EtherType = etherType
	switch etherType {
	case etherTypeIPv4:
		return p.ipv4(b[off:], h)
	case etherTypeIPv6:
		return p.ipv6(b[off:], h)
	case etherTypeMPLS, etherTypeMPLSMulti:
		return p.mpls(b[off:], h)
	}
	return nil
}

func isVLANTag(etherType uint16) bool {
	return etherType == etherTypeVLAN || etherType == etherTypeQinQ || etherType == etherTypeQinQOld
}

// mpls decodes a label stack and guesses its payload, which MPLS does not name: IPv4 or IPv6
// by the version nibble, otherwise an Ethernet pseudowire (RFC 4448) with or without control
// word, recognised by the EtherType it would carry.
func (p Parser) mpls(b []byte, h *Header) error {
	off := 0
	for {
		if h.short(b, off+4) {
			return nil
		}
		e := LabelStackEntry(binary.BigEndian.Uint32(b[off:]))
		if h.MPLSCount < MaxMPLSLabels {
			h.MPLSLabels[h.MPLSCount] = e
		}
		if h.MPLSCount < 255 {
			h.MPLSCount++
		}
		h.Has |= HasMPLS
		off += 4
		if e.BottomOfStack() {
			break
		}
	}
	return p.mplsPayload(b[off:], h)
}

func (p Parser) mplsPayload(b []byte, h *Header) error {
	if h.short(b, 1) {
		return nil
	}
	switch b[0] >> 4 {
	case 4:
		if b[0]&0x0f >= 5 && (!carriesEthernet(b) || ipv4ChecksumOK(b)) {
			return p.ipv4(b, h)
		}
	case 6:
		if !carriesEthernet(b) {
			return p.ipv6(b, h)
		}
	case 0: // RFC 4385 control word: first nibble 0, then the frame
		if len(b) >= 4 && carriesEthernet(b[4:]) {
			h.Has |= HasControlWord
			return p.ethernet(b[4:], h)
		}
	}
	if carriesEthernet(b) {
		return p.ethernet(b, h)
	}
	if len(b) < 4+14 {
		h.Truncated = true // too short to tell which payload it is
	}
	return nil
}

// carriesEthernet reports whether b starts like an Ethernet frame carrying a protocol Parse
// follows (and, for IP, whose next byte has the right version): the one way to tell an
// Ethernet pseudowire from IP after a label stack.
func carriesEthernet(b []byte) bool {
	if len(b) < 14 {
		return false
	}
	switch binary.BigEndian.Uint16(b[12:14]) {
	case etherTypeIPv4:
		return len(b) == 14 || b[14]>>4 == 4
	case etherTypeIPv6:
		return len(b) == 14 || b[14]>>4 == 6
	case etherTypeVLAN, etherTypeQinQ, etherTypeQinQOld, etherTypeMPLS, etherTypeMPLSMulti:
		return true
	}
	return false
}

// ipv4ChecksumOK reports whether b starts with a whole IPv4 header whose checksum is right.
func ipv4ChecksumOK(b []byte) bool {
	n := int(b[0]&0x0f) * 4
	if len(b) < n {
		return false
	}
	var sum uint32
	for i := 0; i < n; i += 2 {
		sum += uint32(binary.BigEndian.Uint16(b[i:]))
	}
	for sum > 0xffff {
		sum = sum>>16 + sum&0xffff
	}
	return sum == 0xffff
}

// ParseTransport decodes data that starts at the transport header of an IP packet whose
// version (4, 6, or 0 when unknown) and protocol the caller knows from elsewhere, as IPFIX
// ipPayloadPacketSection (314) sends it. h is reset; h.Version and h.Protocol are set from the
// arguments, with Has listing neither IP bit.
func (p Parser) ParseTransport(data []byte, version, protocol uint8, h *Header) error {
	*h = Header{}
	h.Version, h.Protocol = version, protocol
	return p.transport(data, h)
}

// SFlowLayer maps an sFlow v5 raw packet header's header_protocol to the Layer its header
// starts with; false for the protocols Parse does not decode (token ring, FDDI, 802.11, ...).
func SFlowLayer(headerProtocol uint32) (Layer, bool) {
	switch headerProtocol {
	case 1: // ETHERNET-ISO88023
		return Ethernet, true
	case 11:
		return IPv4, true
	case 12:
		return IPv6, true
	case 13:
		return MPLS, true
	}
	return 0, false
}

// short reports whether b is shorter than the n bytes a header needs, and
// marks h truncated when it is: what was parsed so far stays.
func (h *Header) short(b []byte, n int) bool {
	if len(b) < n {
		h.Truncated = true
		return true
	}
	return false
}
