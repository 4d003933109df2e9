// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"bytes"
	"crypto/sha1" //nolint:gosec // Community ID v1 is defined over SHA-1.
	"encoding/base64"
	"encoding/binary"
)

// Community ID v1 (https://github.com/corelight/community-id-spec): base64(SHA1(seed, saddr,
// daddr, proto, 0, sport, dport)) with the endpoints ordered so both directions hash alike.
const (
	protoICMP   = 1
	protoTCP    = 6
	protoUDP    = 17
	protoICMPv6 = 58
	protoSCTP   = 132
)

// icmpPeers maps ICMP request/response types to their counterpart (spec: "ICMP" section);
// types without a counterpart are one-way and hashed with code as the destination port.
var icmpPeers = map[uint8]uint8{8: 0, 0: 8, 13: 14, 14: 13, 15: 16, 16: 15, 10: 9, 9: 10, 17: 18, 18: 17}
var icmp6Peers = map[uint8]uint8{128: 129, 129: 128, 133: 134, 134: 133, 135: 136, 136: 135, 130: 131, 131: 130, 139: 140, 140: 139, 144: 145, 145: 144}

// communityID hashes the flow; ok is false when the addresses are of mixed families.
func (f *flow) communityID() (string, bool) {
	src, dst := f.src.Unmap(), f.dst.Unmap()
	if src.Is4() != dst.Is4() {
		return "", false
	}
	proto := uint8(f.num[rProto])
	sport, dport := uint16(f.num[rSrcPort]), uint16(f.num[rDstPort])
	oneWay := false
	switch proto {
	case protoICMP, protoICMPv6:
		sport, dport, oneWay = f.icmpPorts(proto)
	case protoTCP, protoUDP, protoSCTP:
	default:
		sport, dport = 0, 0
	}
	s, t := src.AsSlice(), dst.AsSlice()
	// Order endpoints: smaller address (then port) first, unless the ICMP message is one-way.
	if c := bytes.Compare(s, t); !oneWay && (c > 0 || (c == 0 && sport > dport)) {
		s, t, sport, dport = t, s, dport, sport
	}
	var buf [2 + 16 + 16 + 2 + 4]byte
	n := copy(buf[2:], s) + 2
	n += copy(buf[n:], t)
	buf[n], buf[n+1] = proto, 0
	n += 2
	if proto == protoICMP || proto == protoICMPv6 || proto == protoTCP || proto == protoUDP || proto == protoSCTP {
		binary.BigEndian.PutUint16(buf[n:], sport)
		binary.BigEndian.PutUint16(buf[n+2:], dport)
		n += 4
	}
	sum := sha1.Sum(buf[:n]) //nolint:gosec
	var out [2 + 28]byte
	out[0], out[1] = '1', ':'
	base64.StdEncoding.Encode(out[2:], sum[:])
	return string(out[:]), true
}

// icmpTypeCode returns the ICMP type and code of the flow. NetFlow puts type*256+code in the
// destination port (some exporters in the source port), or sends icmpType/Code elements.
func (f *flow) icmpTypeCode() (typ, code uint8) {
	tc := f.num[rDstPort]
	switch {
	case f.is(rICMPType):
		tc = f.num[rICMPType]<<8 | f.num[rICMPCode]&0xFF
	case f.is(rICMPTypeCode):
		tc = f.num[rICMPTypeCode]
	case f.num[rSrcPort] != 0 && f.num[rDstPort] == 0:
		tc = f.num[rSrcPort]
	}
	return uint8(tc >> 8), uint8(tc)
}

// icmpPorts returns type and code as the ports Community ID hashes.
func (f *flow) icmpPorts(proto uint8) (uint16, uint16, bool) {
	typ, code := f.icmpTypeCode()
	peers := icmpPeers
	if proto == protoICMPv6 {
		peers = icmp6Peers
	}
	if peer, ok := peers[typ]; ok {
		return uint16(typ), uint16(peer), false
	}
	return uint16(typ), uint16(code), true
}
