// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"net/netip"

	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-flows/otelcol-flows/internal/ecsstr"
)

// counters picks forward and reverse byte/packet counts: delta counters first, then totals,
// then the initiator/responder counters firewalls send (Cisco ASA NSEL, RFC 5103 reverse),
// then the post-* counters egress-only exporters send (NetFlow v9 OUT_BYTES/OUT_PKTS).
type counters struct {
	fwdB, fwdP, revB, revP     uint64
	hasFB, hasFP, hasRB, hasRP bool
}

func (f *flow) counters() counters {
	var c counters
	c.fwdB, c.hasFB = f.first(rBytes, rBytesTotal, rInitiatorBytes, rPostBytes)
	c.fwdP, c.hasFP = f.first(rPackets, rPacketsTotal, rInitiatorPackets, rPostPackets)
	c.revB, c.hasRB = f.first(rRevBytes, rRevBytesTotal, rResponderBytes)
	c.revP, c.hasRP = f.first(rRevPackets, rRevPacketsTotal, rResponderPackets)
	return c
}

func (c *counters) scale(k uint64) {
	c.fwdB, c.fwdP, c.revB, c.revP = c.fwdB*k, c.fwdP*k, c.revB*k, c.revP*k
}

// first returns the first non-zero value of the roles present, else the first present one:
// egress-only exporters send IN_BYTES = 0 next to the OUT_BYTES that count the flow.
func (f *flow) first(rs ...role) (uint64, bool) {
	found := false
	for _, r := range rs {
		if !f.is(r) {
			continue
		}
		if f.num[r] != 0 {
			return f.num[r], true
		}
		found = true
	}
	return 0, found
}

// endpoint is one end of the flow as ECS source/destination/client/server write it.
type endpoint struct {
	addr                                 netip.Addr
	ip, mac                              string
	port, bytes, packets                 uint64
	hasIP, hasPort, hasBytes, hasPackets bool
}

func (e *endpoint) empty() bool {
	return !e.hasIP && !e.hasPort && e.mac == "" && !e.hasBytes && !e.hasPackets
}

// endpointKeys are the attribute names of one ECS endpoint object.
type endpointKeys struct{ ip, port, mac, bytes, packets string }

var (
	sourceKeys      = endpointKeys{"source.ip", "source.port", "source.mac", "source.bytes", "source.packets"}
	destinationKeys = endpointKeys{"destination.ip", "destination.port", "destination.mac", "destination.bytes", "destination.packets"}
	clientKeys      = endpointKeys{"client.ip", "client.port", "client.mac", "client.bytes", "client.packets"}
	serverKeys      = endpointKeys{"server.ip", "server.port", "server.mac", "server.bytes", "server.packets"}
)

func (e *endpoint) put(attrs pcommon.Map, k *endpointKeys) {
	if e.hasIP {
		attrs.PutStr(k.ip, e.ip)
	}
	if e.hasPort {
		attrs.PutInt(k.port, int64(e.port))
	}
	if e.mac != "" {
		attrs.PutStr(k.mac, e.mac)
	}
	putCount(attrs, k.bytes, e.bytes, e.hasBytes)
	putCount(attrs, k.packets, e.packets, e.hasPackets)
}

// ends returns the flow's source and destination as the exporter sent them. As in Filebeat, a
// wireless controller's station and access point (with flowDirection) fill them first, and
// the regular address and MAC elements override.
func (f *flow) ends(c *counters) (src, dst endpoint) {
	f.wirelessEnds(&src, &dst)
	if f.is(rSrcAddr) {
		src.ip, src.addr, src.hasIP = f.srcStr, f.src, true
	}
	if f.str[sSrcMAC] != "" {
		src.mac = f.str[sSrcMAC]
	}
	if f.is(rDstAddr) {
		dst.ip, dst.addr, dst.hasIP = f.dstStr, f.dst, true
	}
	if f.str[sDstMAC] != "" {
		dst.mac = f.str[sDstMAC]
	}
	src.port, src.hasPort, dst.port, dst.hasPort = f.num[rSrcPort], f.is(rSrcPort), f.num[rDstPort], f.is(rDstPort)
	src.bytes, src.hasBytes, src.packets, src.hasPackets = c.fwdB, c.hasFB, c.fwdP, c.hasFP
	dst.bytes, dst.hasBytes, dst.packets, dst.hasPackets = c.revB, c.hasRB, c.revP, c.hasRP
	return src, dst
}

// flowDirectionEgress is flowDirection (61) "egress": the station is the destination.
const flowDirectionEgress = 1

func (f *flow) wirelessEnds(src, dst *endpoint) {
	if !f.is(rFlowDirection) || f.str[sStaMAC] == "" || f.str[sWtpMAC] == "" {
		return
	}
	station, ap := src, dst
	if f.num[rFlowDirection] == flowDirectionEgress {
		station, ap = dst, src
	}
	station.mac, ap.mac = f.str[sStaMAC], f.str[sWtpMAC]
	if f.is(rStaAddr) {
		station.ip, station.addr, station.hasIP = f.staStr, f.sta, true
	}
}

// biflow reports an RFC 5103 biflow whose two ends are both known: Filebeat then also writes
// them as client and server (source taken for the client) and categorises it as a session.
func (f *flow) biflow(c counters) bool {
	if !f.is(rBiflowDirection) {
		return false
	}
	src, dst := f.ends(&c)
	return !src.empty() && !dst.empty()
}

// biflowReverseInitiator is the RFC 5103 biflowDirection value saying the destination started it.
const biflowReverseInitiator = 2

func (c *decodeCall) putEndpoints(m *message, attrs pcommon.Map) {
	f := &c.flow
	n := f.counters()
	if k := c.applySampling(m, attrs); k > 1 {
		n.scale(k)
	}
	src, dst := f.ends(&n)
	biflow := f.is(rBiflowDirection) && !src.empty() && !dst.empty()
	if biflow && f.num[rBiflowDirection] == biflowReverseInitiator {
		// Filebeat swaps the ends, so that source is always the initiator.
		src, dst = dst, src
	}
	src.put(attrs, &sourceKeys)
	dst.put(attrs, &destinationKeys)
	if biflow {
		src.put(attrs, &clientKeys)
		dst.put(attrs, &serverKeys)
	}
	c.putNAT(attrs)
	putCount(attrs, "network.bytes", n.fwdB+n.revB, n.hasFB || n.hasRB)
	putCount(attrs, "network.packets", n.fwdP+n.revP, n.hasFP || n.hasRP)
}

func putCount(attrs pcommon.Map, key string, v uint64, ok bool) {
	if ok {
		attrs.PutInt(key, int64(v))
	}
}

func (c *decodeCall) putNAT(attrs pcommon.Map) {
	f := &c.flow
	if f.is(rNatSrcAddr) {
		attrs.PutStr("source.nat.ip", f.natSrcStr)
	}
	if f.is(rNatSrcPort) {
		attrs.PutInt("source.nat.port", int64(f.num[rNatSrcPort]))
	}
	if f.is(rNatDstAddr) {
		attrs.PutStr("destination.nat.ip", f.natDstStr)
	}
	if f.is(rNatDstPort) {
		attrs.PutInt("destination.nat.port", int64(f.num[rNatDstPort]))
	}
}

func (c *decodeCall) putNetwork(attrs pcommon.Map) {
	f := &c.flow
	ipv6 := f.src.Is6() && !f.src.Is4In6()
	if f.is(rSrcAddr) {
		if ipv6 {
			attrs.PutStr("network.type", "ipv6")
		} else {
			attrs.PutStr("network.type", "ipv4")
		}
	}
	if f.is(rProto) {
		attrs.PutInt("network.iana_number", int64(f.num[rProto]))
	}
	if f.is(rVlan) {
		attrs.PutStr("network.vlan.id", ecsstr.ID(f.num[rVlan]))
	}
	if f.is(rSrcAddr) && f.is(rDstAddr) && f.is(rProto) {
		if id, ok := f.communityID(); ok {
			attrs.PutStr("network.community_id", id)
		}
	}
	c.putRelated(attrs)
}

// putRelated lists every distinct address of the flow, as ECS related.ip expects.
func (c *decodeCall) putRelated(attrs pcommon.Map) {
	f := &c.flow
	var ips [4]string
	n := 0
	add := func(r role, s string) {
		if !f.is(r) {
			return
		}
		for _, x := range ips[:n] {
			if x == s {
				return
			}
		}
		ips[n] = s
		n++
	}
	add(rSrcAddr, f.srcStr)
	add(rDstAddr, f.dstStr)
	add(rNatSrcAddr, f.natSrcStr)
	add(rNatDstAddr, f.natDstStr)
	if n == 0 {
		return
	}
	s := attrs.PutEmptySlice("related.ip")
	s.EnsureCapacity(n)
	for _, ip := range ips[:n] {
		s.AppendEmpty().SetStr(ip)
	}
}
