// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-flows/otelcol-flows/internal/ecsstr"
	"github.com/otelcol-flows/otelcol-flows/internal/packetheader"
)

// putSection decodes the record's sampled packet section (dataLinkFrameSection 315 and v9
// layer2packetSectionData 104 from Ethernet, ipHeaderPacketSection 313 from IP,
// ipPayloadPacketSection 314 from the transport header) into the flow, so that the ECS
// fields come out as for a regular flow record. The record's own elements win: a section
// only fills what they leave out. A sampled packet counts as one packet of its IP total
// length; sampling scales both like any counter.
func (c *decodeCall) putSection(attrs pcommon.Map) {
	f := &c.flow
	if len(f.section) == 0 {
		return
	}
	h := &c.header
	p := packetheader.Parser{Decapsulate: c.cfg.Decapsulate}
	var err error
	switch f.sectionRole {
	case rFrameSection:
		err = p.Parse(f.section, packetheader.Ethernet, h)
	case rIPHeaderSection:
		err = p.Parse(f.section, packetheader.IP, h)
	default:
		err = p.ParseTransport(f.section, ipVersion(f), uint8(f.num[rProto]), h)
	}
	if err != nil {
		// The fields decoded before the contradiction are still used; the record says why the
		// rest is missing (the error strings are constants: no allocation).
		attrs.PutStr("netflow.section.error", err.Error())
	}
	c.flowFromHeader(h)
	putHeaderExtras(h, attrs)
}

// ipVersion is the IP version of the record's addresses, 0 when it has none.
func ipVersion(f *flow) uint8 {
	switch {
	case !f.is(rSrcAddr):
		return 0
	case f.src.Is4() || f.src.Is4In6():
		return 4
	}
	return 6
}

// flowFromHeader fills the ECS roles the record's elements left empty.
func (c *decodeCall) flowFromHeader(h *packetheader.Header) {
	f := &c.flow
	if h.Has&(packetheader.HasIPv4|packetheader.HasIPv6) != 0 {
		if !f.is(rSrcAddr) && !f.is(rDstAddr) {
			f.setAddr(rSrcAddr, h.Src, c.addrs.Str(h.Src))
			f.setAddr(rDstAddr, h.Dst, c.addrs.Str(h.Dst))
		}
		setIfAbsent(f, rProto, uint64(h.Protocol))
		if !f.is(rBytes) && !f.is(rPackets) {
			f.set(rBytes, uint64(h.Length))
			f.set(rPackets, 1)
		}
	}
	if h.Has&packetheader.HasPorts != 0 {
		setIfAbsent(f, rSrcPort, uint64(h.SrcPort))
		setIfAbsent(f, rDstPort, uint64(h.DstPort))
	}
	if h.Has&packetheader.HasICMP != 0 && !f.is(rICMPType) && !f.is(rICMPTypeCode) {
		f.set(rICMPType, uint64(h.ICMPType))
		f.set(rICMPCode, uint64(h.ICMPCode))
	}
	if h.Has&packetheader.HasEthernet != 0 && f.str[sSrcMAC] == "" && f.str[sDstMAC] == "" {
		f.str[sSrcMAC], f.str[sDstMAC] = ecsstr.MAC(h.SrcMAC[:]), ecsstr.MAC(h.DstMAC[:])
	}
	if h.VLANCount > 0 {
		setIfAbsent(f, rVlan, uint64(h.VLAN()))
	}
}

func setIfAbsent(f *flow, r role, v uint64) {
	if !f.is(r) {
		f.set(r, v)
	}
}

// putHeaderExtras writes what a section says beyond the ECS fields: the IANA-named values a
// flow record would carry as elements (when the record did not), and the encapsulation.
func putHeaderExtras(h *packetheader.Header, attrs pcommon.Map) {
	if h.Has&(packetheader.HasIPv4|packetheader.HasIPv6) != 0 {
		putIntIfAbsent(attrs, "netflow.ip_class_of_service", int64(h.TOS))
		putIntIfAbsent(attrs, "netflow.ip_ttl", int64(h.TTL))
		if h.Version == 6 {
			putIntIfAbsent(attrs, "netflow.flow_label_ipv6", int64(h.FlowLabel))
		}
	}
	if h.Has&packetheader.HasTCPFlags != 0 {
		putIntIfAbsent(attrs, "netflow.tcp_control_bits", int64(h.TCPFlags))
	}
	if h.InnerVLAN() != 0 {
		attrs.PutStr("network.inner.vlan.id", ecsstr.ID(uint64(h.InnerVLAN())))
	}
	if h.MPLSCount > 0 {
		s := attrs.PutEmptySlice("netflow.section.mpls_labels")
		for _, e := range h.MPLSLabels[:min(int(h.MPLSCount), packetheader.MaxMPLSLabels)] {
			s.AppendEmpty().SetInt(int64(e.Label()))
		}
	}
	if h.Has&packetheader.HasSRH != 0 {
		attrs.PutInt("netflow.section.srv6_segments_left", int64(h.SegmentsLeft))
		s := attrs.PutEmptySlice("netflow.section.srv6_segments")
		for _, a := range h.Segments[:min(int(h.SegmentCount), packetheader.MaxSegments)] {
			if a.IsValid() {
				s.AppendEmpty().SetStr(a.String())
			}
		}
	}
	if h.Has&packetheader.HasVXLAN != 0 {
		attrs.PutInt("netflow.section.vxlan_vni", int64(h.VNI))
	}
	if h.Decapsulated {
		attrs.PutStr("netflow.section.outer_source_ip", h.Outer.Src.String())
		attrs.PutStr("netflow.section.outer_destination_ip", h.Outer.Dst.String())
	}
	if h.Truncated {
		attrs.PutBool("netflow.section.truncated", true)
	}
}

func putIntIfAbsent(attrs pcommon.Map, key string, v int64) {
	if _, ok := attrs.Get(key); !ok {
		attrs.PutInt(key, v)
	}
}

// putICMP writes icmp.type and icmp.code (the names the protocolname processor completes
// with type and code names) for ICMP and ICMPv6 flows, from the ICMP elements, the packet
// section, or the destination port that carries type*256+code.
func (c *decodeCall) putICMP(attrs pcommon.Map) {
	f := &c.flow
	if !f.is(rProto) || (f.num[rProto] != protoICMP && f.num[rProto] != protoICMPv6) {
		return
	}
	if !f.is(rICMPType) && !f.is(rICMPTypeCode) && !f.is(rDstPort) && !f.is(rSrcPort) {
		return
	}
	typ, code := f.icmpTypeCode()
	attrs.PutInt("icmp.type", int64(typ))
	attrs.PutInt("icmp.code", int64(code))
}
