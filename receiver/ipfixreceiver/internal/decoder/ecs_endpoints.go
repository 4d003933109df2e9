package decoder

import (
	"go.opentelemetry.io/collector/pdata/pcommon"
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

func (d *Decoder) putEndpoints(m *message, attrs pcommon.Map) {
	f := &d.flow
	c := f.counters()
	if k := d.applySampling(m, attrs); k > 1 {
		c.scale(k)
	}
	if f.is(rSrcAddr) {
		attrs.PutStr("source.ip", f.srcStr)
	}
	if f.is(rSrcPort) {
		attrs.PutInt("source.port", int64(f.num[rSrcPort]))
	}
	if f.srcMAC != "" {
		attrs.PutStr("source.mac", f.srcMAC)
	}
	putCount(attrs, "source.bytes", c.fwdB, c.hasFB)
	putCount(attrs, "source.packets", c.fwdP, c.hasFP)
	if f.is(rDstAddr) {
		attrs.PutStr("destination.ip", f.dstStr)
	}
	if f.is(rDstPort) {
		attrs.PutInt("destination.port", int64(f.num[rDstPort]))
	}
	if f.dstMAC != "" {
		attrs.PutStr("destination.mac", f.dstMAC)
	}
	putCount(attrs, "destination.bytes", c.revB, c.hasRB)
	putCount(attrs, "destination.packets", c.revP, c.hasRP)
	d.putNAT(attrs)
	putCount(attrs, "network.bytes", c.fwdB+c.revB, c.hasFB || c.hasRB)
	putCount(attrs, "network.packets", c.fwdP+c.revP, c.hasFP || c.hasRP)
}

func putCount(attrs pcommon.Map, key string, v uint64, ok bool) {
	if ok {
		attrs.PutInt(key, int64(v))
	}
}

func (d *Decoder) putNAT(attrs pcommon.Map) {
	f := &d.flow
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

func (d *Decoder) putNetwork(attrs pcommon.Map) {
	f := &d.flow
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
		attrs.PutStr("network.vlan.id", idString(f.num[rVlan]))
	}
	if f.is(rSrcAddr) && f.is(rDstAddr) && f.is(rProto) {
		if id, ok := d.communityID(); ok {
			attrs.PutStr("network.community_id", id)
		}
	}
	d.putRelated(attrs)
}

// putRelated lists every distinct address of the flow, as ECS related.ip expects.
func (d *Decoder) putRelated(attrs pcommon.Map) {
	f := &d.flow
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
