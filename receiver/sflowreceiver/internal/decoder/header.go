// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder // import "github.com/otelcol-flows/otelcol-flows/receiver/sflowreceiver/internal/decoder"

import (
	"github.com/otelcol-flows/otelcol-flows/internal/packetheader"
)

// headerParser follows VXLAN into the inner frame: on a switch fabric the
// inner addresses are the tenants' flows; the outer ones (the tunnel end
// points) go to sflow.tunnel.*.
var headerParser = packetheader.Parser{Decapsulate: packetheader.TunnelVXLAN}

// rawHeader reads a raw packet header record and decodes the sampled
// header with the shared parser. A header cut short still gives what it
// holds; one that contradicts its protocol gives what came before.
func (d *Decoder) rawHeader(r *xdr) {
	f := &d.flow
	f.headerProtocol = r.u32()
	frameLength := r.u32()
	f.stripped = r.u32()
	header := r.opaque()
	if r.short {
		return
	}
	f.setLength(frameLength, 3)
	f.has |= hasRawHeader
	layer, ok := packetheader.SFlowLayer(f.headerProtocol)
	if !ok {
		return
	}
	h := &d.pkt
	_ = headerParser.Parse(header, layer, h)
	f.fromHeader(h)
}

// fromHeader copies what the parser decoded into the flow.
func (f *flow) fromHeader(h *packetheader.Header) {
	if h.Has&packetheader.HasEthernet != 0 {
		f.srcMAC, f.dstMAC, f.etherType = h.SrcMAC, h.DstMAC, uint32(h.EtherType)
		f.has |= hasMACs | hasEtherType
	}
	if h.Has&packetheader.HasVLAN != 0 {
		f.vlan, f.innerVLAN = h.VLAN(), h.InnerVLAN()
		f.has |= hasVLAN
	}
	if h.Has&(packetheader.HasIPv4|packetheader.HasIPv6) != 0 {
		f.src, f.dst, f.proto, f.tos = h.Src, h.Dst, h.Protocol, uint32(h.TOS)
		f.has |= hasAddrs | hasProto | hasTOS
	}
	if h.Has&packetheader.HasPorts != 0 {
		f.srcPort, f.dstPort = h.SrcPort, h.DstPort
		f.has |= hasPorts
	}
	if h.Has&packetheader.HasTCPFlags != 0 {
		f.tcpFlags = uint32(h.TCPFlags)
		f.has |= hasTCPFlags
	}
	if h.Has&packetheader.HasICMP != 0 {
		f.icmpType, f.icmpCode = h.ICMPType, h.ICMPCode
		f.has |= hasICMP
	}
	if h.Has&packetheader.HasVXLAN != 0 {
		f.vni = h.VNI
		f.has |= hasVXLAN
		if h.Decapsulated {
			f.outerSrc, f.outerDst = h.Outer.Src, h.Outer.Dst
		}
	}
}
