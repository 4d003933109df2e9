// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package flowenc

import (
	"encoding/binary"
	"net/netip"
	"time"
)

// value names the Flow value a template field carries.
type value uint8

const (
	vSrc4 value = iota
	vDst4
	vSrc6
	vDst6
	vNextHop4
	vSrcPort
	vDstPort
	vProtocol
	vTCPFlags
	vRevTCPFlags
	vTOS
	vIPVersion
	vEndReason
	vInIf
	vOutIf
	vPackets
	vBytes
	vRevPackets
	vRevBytes
	vFlowLabel
	vTCPOptions
	vSrcMAC
	vDstMAC
	vEtherType
	vStartUptime
	vEndUptime
	vStartMillis
	vEndMillis
	vRaw       // Field.Raw
	vFrame     // Flow.Frame, the sampled Ethernet frame
	vIPSection // Flow.Frame without its Ethernet header
	vFrameSize // len(Flow.Frame)
	vDirection // 0 ingress
	vSampling  // Flow.Sampling
)

// putUint writes v big-endian into all of b, keeping the low-order bytes:
// this is RFC 7011 section 6.2 reduced-size encoding when b is shorter than
// the element's natural size.
func putUint(b []byte, v uint64) {
	for i := len(b) - 1; i >= 0; i-- {
		b[i] = byte(v)
		v >>= 8
	}
}

// uptimeMillis is a v9 timestamp: milliseconds since the exporter booted, the
// clock the packet header's sysUptime also uses (RFC 3954 section 5.1).
func uptimeMillis(t, boot time.Time) uint64 {
	return uint64(t.Sub(boot).Milliseconds())
}

// put encodes the value v of fl into b, which has the field's length.
func put(b []byte, v value, fl *Flow, boot time.Time) {
	switch v {
	case vSrc4, vSrc6:
		putAddr(b, fl.Src)
	case vDst4, vDst6:
		putAddr(b, fl.Dst)
	case vNextHop4:
		putAddr(b, fl.NextHop)
	case vSrcMAC:
		copy(b, fl.SrcMAC[:])
	case vDstMAC:
		copy(b, fl.DstMAC[:])
	case vStartUptime:
		putUint(b, uptimeMillis(fl.Start, boot))
	case vEndUptime:
		putUint(b, uptimeMillis(fl.End, boot))
	case vStartMillis:
		putUint(b, uint64(fl.Start.UnixMilli()))
	case vEndMillis:
		putUint(b, uint64(fl.End.UnixMilli()))
	case vFrame:
		copy(b, fl.Frame)
	case vIPSection:
		copy(b, ipSection(fl.Frame))
	default:
		putUint(b, scalar(v, fl))
	}
}

// putAddr writes the address in its natural length; a 4-byte field gets the
// IPv4 form, a 16-byte field the IPv6 (or IPv4-mapped) form.
func putAddr(b []byte, a netip.Addr) {
	if len(b) == 4 {
		a4 := a.Unmap().As4()
		copy(b, a4[:])
		return
	}
	a16 := a.As16()
	copy(b, a16[:])
}

// scalars reads the numeric values of a Flow, indexed by value. A value
// without an accessor (vDirection: always ingress) is 0.
var scalars = [...]func(fl *Flow) uint64{
	vSrcPort:     func(fl *Flow) uint64 { return uint64(fl.SrcPort) },
	vDstPort:     func(fl *Flow) uint64 { return uint64(fl.DstPort) },
	vProtocol:    func(fl *Flow) uint64 { return uint64(fl.Protocol) },
	vTCPFlags:    func(fl *Flow) uint64 { return uint64(fl.TCPFlags) },
	vRevTCPFlags: func(fl *Flow) uint64 { return uint64(fl.RevTCPFlags) },
	vTOS:         func(fl *Flow) uint64 { return uint64(fl.TOS) },
	vIPVersion:   ipVersion,
	vEndReason:   func(fl *Flow) uint64 { return uint64(fl.EndReason) },
	vInIf:        func(fl *Flow) uint64 { return uint64(fl.InIf) },
	vOutIf:       func(fl *Flow) uint64 { return uint64(fl.OutIf) },
	vPackets:     func(fl *Flow) uint64 { return fl.Packets },
	vBytes:       func(fl *Flow) uint64 { return fl.Bytes },
	vRevPackets:  func(fl *Flow) uint64 { return fl.RevPackets },
	vRevBytes:    func(fl *Flow) uint64 { return fl.RevBytes },
	vFlowLabel:   func(fl *Flow) uint64 { return uint64(fl.FlowLabel) },
	vTCPOptions:  func(fl *Flow) uint64 { return uint64(fl.TCPOptions) },
	vEtherType:   func(fl *Flow) uint64 { return uint64(fl.EtherType) },
	vFrameSize:   func(fl *Flow) uint64 { return uint64(len(fl.Frame)) },
	vSampling:    func(fl *Flow) uint64 { return uint64(fl.Sampling) },
}

func ipVersion(fl *Flow) uint64 {
	if fl.Src.Is4() {
		return 4
	}
	return 6
}

func scalar(v value, fl *Flow) uint64 {
	if int(v) < len(scalars) && scalars[v] != nil {
		return scalars[v](fl)
	}
	return 0
}

// varLen is the length of a variable-length field's value, cut to what the 1-byte length
// form can say, as exporters cut sampled sections.
func varLen(v value, fl *Flow) int {
	n := len(fl.Frame)
	if v == vIPSection {
		n = len(ipSection(fl.Frame))
	}
	return min(n, maxVarLen)
}

// ipSection is the frame after its Ethernet header and VLAN tags.
func ipSection(frame []byte) []byte {
	off := 12
	for len(frame) >= off+2 {
		switch binary.BigEndian.Uint16(frame[off:]) {
		case 0x8100, 0x88a8:
			off += 4
			continue
		}
		return frame[off+2:]
	}
	return nil
}
