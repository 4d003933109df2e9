// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package packetheader

import (
	"encoding/binary"
	"net/netip"
)

// IP protocol numbers Parse follows.
const (
	protoHopByHop = 0
	protoICMP     = 1
	protoIPv4     = 4
	protoTCP      = 6
	protoUDP      = 17
	protoDCCP     = 33
	protoIPv6     = 41
	protoRouting  = 43
	protoFragment = 44
	protoAH       = 51
	protoICMPv6   = 58
	protoDestOpts = 60
	protoMobility = 135
	protoSCTP     = 132
	protoUDPLite  = 136
	protoEthernet = 143 // RFC 8986: Ethernet in an SRv6 L2 service

	routingTypeSRH = 4
	maxExtHeaders  = 16
)

// ip decodes an IPv4 or IPv6 header told apart by its version nibble.
func (p Parser) ip(b []byte, h *Header) error {
	if h.short(b, 1) {
		return nil
	}
	switch b[0] >> 4 {
	case 4:
		return p.ipv4(b, h)
	case 6:
		return p.ipv6(b, h)
	}
	return ErrIPVersion
}

func (p Parser) ipv4(b []byte, h *Header) error {
	if h.short(b, 20) {
		return nil
	}
	if b[0]>>4 != 4 {
		return ErrIPVersion
	}
	hl := int(b[0]&0x0f) * 4
	if hl < 20 {
		return ErrIPv4HeaderLen
	}
	pk := &h.Packet
	pk.Version = 4
	pk.TOS = b[1]
	pk.Length = binary.BigEndian.Uint16(b[2:4])
	frag := binary.BigEndian.Uint16(b[6:8])
	pk.Fragment = Fragment{
		ID:           uint32(binary.BigEndian.Uint16(b[4:6])),
		Offset:       (frag & 0x1fff) * 8,
		More:         frag&0x2000 != 0,
		DontFragment: frag&0x4000 != 0,
	}
	pk.TTL = b[8]
	pk.Protocol = b[9]
	pk.Src = netip.AddrFrom4([4]byte(b[12:16]))
	pk.Dst = netip.AddrFrom4([4]byte(b[16:20]))
	h.Has |= HasIPv4
	if pk.Fragment.IsFragment() {
		h.Has |= HasFragment
	}
	if pk.Fragment.Offset != 0 {
		return nil // a later fragment carries no transport header
	}
	if h.short(b, hl) {
		return nil
	}
	return p.transport(ipPayload(b, hl, int(pk.Length)), h)
}

// ipPayload is what follows an IP header of hl bytes, without the link layer's padding when
// the stated total length is shorter than the data.
func ipPayload(b []byte, hl, total int) []byte {
	if total >= hl && total < len(b) {
		b = b[:total]
	}
	return b[hl:]
}

func (p Parser) ipv6(b []byte, h *Header) error {
	if h.short(b, 40) {
		return nil
	}
	if b[0]>>4 != 6 {
		return ErrIPVersion
	}
	pk := &h.Packet
	pk.Version = 6
	first := binary.BigEndian.Uint32(b[0:4])
	pk.TOS = uint8(first >> 20)
	pk.FlowLabel = first & 0xfffff
	payloadLen := int(binary.BigEndian.Uint16(b[4:6]))
	pk.Length = uint16(min(40+payloadLen, 0xffff))
	pk.Protocol = b[6]
	pk.TTL = b[7]
	pk.Src = netip.AddrFrom16([16]byte(b[8:24]))
	pk.Dst = netip.AddrFrom16([16]byte(b[24:40]))
	h.Has |= HasIPv6
	rest := b[40:]
	if payloadLen > 0 && payloadLen < len(rest) {
		rest = rest[:payloadLen]
	}
	rest, err := p.extensionHeaders(rest, h)
	if err != nil || rest == nil {
		return err
	}
	return p.transport(rest, h)
}

// extensionHeaders walks the IPv6 extension headers, setting h.Protocol to the upper-layer
// protocol, and returns what follows them: nil when that is not a transport header (a later
// fragment, or the data ended).
func (p Parser) extensionHeaders(b []byte, h *Header) ([]byte, error) {
	for range maxExtHeaders {
		switch h.Protocol {
		case protoHopByHop, protoRouting, protoDestOpts, protoMobility, protoFragment, protoAH:
		default:
			return b, nil
		}
		if h.short(b, 8) {
			return nil, nil
		}
		n := (int(b[1]) + 1) * 8
		switch h.Protocol {
		case protoFragment:
			n = 8
			p.fragmentHeader(b, h)
		case protoAH:
			n = (int(b[1]) + 2) * 4
		case protoRouting:
			if b[2] == routingTypeSRH && !h.Decapsulated { // the segments are the outer header's
				if err := p.segmentRoutingHeader(b, h); err != nil {
					return nil, err
				}
			}
		}
		h.Protocol = b[0]
		if h.Fragment.Offset != 0 {
			return nil, nil // a later fragment carries no upper-layer header
		}
		if h.short(b, n) {
			return nil, nil
		}
		b = b[n:]
	}
	return nil, ErrIPv6ExtHeaders
}

func (p Parser) fragmentHeader(b []byte, h *Header) {
	off := binary.BigEndian.Uint16(b[2:4])
	h.Fragment = Fragment{ID: binary.BigEndian.Uint32(b[4:8]), Offset: off &^ 7, More: off&1 != 0}
	h.Has |= HasFragment
}

// segmentRoutingHeader decodes an RFC 8754 segment routing header. Segments keeps the list in
// wire order: Segments[0] is the last segment of the path, Segments[SegmentsLeft] the active one.
func (p Parser) segmentRoutingHeader(b []byte, h *Header) error {
	lastEntry := int(b[4])
	if (lastEntry+1)*16 > int(b[1])*8 {
		return ErrRoutingHeader
	}
	h.SegmentsLeft = b[3]
	h.SegmentCount = uint8(lastEntry + 1)
	h.Has |= HasSRH
	for i := 0; i <= lastEntry && i < MaxSegments; i++ {
		off := 8 + 16*i
		if h.short(b, off+16) {
			break
		}
		h.Segments[i] = netip.AddrFrom16([16]byte(b[off : off+16]))
	}
	return nil
}
