// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package flowenc

import (
	"encoding/binary"
	"net/netip"
)

// sampledFrame builds the first packet of fl as an exporter samples it: Ethernet, IPv4 or
// IPv6, and the TCP, UDP or ICMP header, for the frame-section templates.
func sampledFrame(fl *Flow, payload int) []byte {
	l4 := transportHeader(fl)
	ipLen := len(l4) + payload
	b := make([]byte, 0, 14+40+ipLen)
	b = append(b, fl.DstMAC[:]...)
	b = append(b, fl.SrcMAC[:]...)
	if fl.Src.Is4() {
		b = binary.BigEndian.AppendUint16(b, 0x0800)
		b = appendIPv4(b, fl, 20+ipLen)
	} else {
		b = binary.BigEndian.AppendUint16(b, 0x86dd)
		b = appendIPv6(b, fl, ipLen)
	}
	b = append(b, l4...)
	return append(b, make([]byte, payload)...)
}

func appendIPv4(b []byte, fl *Flow, total int) []byte {
	start := len(b)
	b = append(b, 0x45, fl.TOS)
	b = binary.BigEndian.AppendUint16(b, uint16(total))
	b = append(b, 0x12, 0x34, 0x40, 0, 64, fl.Protocol, 0, 0)
	b = appendAddr(b, fl.Src)
	b = appendAddr(b, fl.Dst)
	var sum uint32
	for i := start; i < start+20; i += 2 {
		sum += uint32(binary.BigEndian.Uint16(b[i:]))
	}
	for sum > 0xffff {
		sum = sum>>16 + sum&0xffff
	}
	binary.BigEndian.PutUint16(b[start+10:], ^uint16(sum))
	return b
}

func appendIPv6(b []byte, fl *Flow, payloadLen int) []byte {
	b = binary.BigEndian.AppendUint32(b, 6<<28|uint32(fl.TOS)<<20|fl.FlowLabel&0xfffff)
	b = binary.BigEndian.AppendUint16(b, uint16(payloadLen))
	next := fl.Protocol
	if next == 1 {
		next = 58
	}
	b = append(b, next, 64)
	b = appendAddr(b, fl.Src)
	return appendAddr(b, fl.Dst)
}

func appendAddr(b []byte, a netip.Addr) []byte {
	if a.Is4() {
		a4 := a.As4()
		return append(b, a4[:]...)
	}
	a16 := a.As16()
	return append(b, a16[:]...)
}

// transportHeader is the TCP (20 bytes, no options), UDP or ICMP echo header of fl; the
// checksums stay zero, as nothing downstream verifies them.
func transportHeader(fl *Flow) []byte {
	var b []byte
	switch fl.Protocol {
	case 6:
		b = binary.BigEndian.AppendUint16(b, fl.SrcPort)
		b = binary.BigEndian.AppendUint16(b, fl.DstPort)
		b = append(b, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, fl.TCPFlags, 0xff, 0xff, 0, 0, 0, 0)
	case 17:
		b = binary.BigEndian.AppendUint16(b, fl.SrcPort)
		b = binary.BigEndian.AppendUint16(b, fl.DstPort)
		b = append(b, 0, 8, 0, 0)
	default:
		typ := byte(8) // echo request
		if !fl.Src.Is4() {
			typ = 128
		}
		b = append(b, typ, 0, 0, 0, 0, 1, 0, 1)
	}
	return b
}
