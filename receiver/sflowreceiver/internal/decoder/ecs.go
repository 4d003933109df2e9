// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder // import "github.com/otelcol-flows/otelcol-flows/receiver/sflowreceiver/internal/decoder"

import (
	"encoding/hex"
	"strconv"
	"unicode/utf8"

	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-flows/otelcol-flows/internal/ecsstr"
)

// ecsAttrs is an upper bound of the attributes of one record, to pre-size.
const ecsAttrs = 32

// putAgent writes the resource: the agent is the observer.
func putAgent(attrs pcommon.Map, h *datagramHeader) {
	attrs.EnsureCapacity(3)
	attrs.PutStr("observer.ip", h.agent.String())
	attrs.PutInt("sflow.agent.sub_id", int64(h.subAgent))
	attrs.PutStr("sflow.exporter.address", h.exporter.String())
}

// appendFlow writes d.flow as one log record with the ECS fields the
// ipfix receiver writes for a NetFlow record, so that the processors,
// the template and the dashboards treat both alike.
func (d *Decoder) appendFlow(h *datagramHeader, b *Batch) {
	f := &d.flow
	lr := b.recordSlice(h).AppendEmpty()
	b.nLogs++
	lr.SetTimestamp(h.received) // a sample has no time of its own: it was sent when taken
	lr.SetObservedTimestamp(h.received)
	attrs := lr.Attributes()
	attrs.EnsureCapacity(ecsAttrs)
	attrs.PutStr("event.kind", "event")
	attrs.PutEmptySlice("event.category").AppendEmpty().SetStr("network")
	attrs.PutEmptySlice("event.type").AppendEmpty().SetStr("connection")
	attrs.PutStr("event.action", "sflow_flow_sample")
	d.putEndpoints(f, attrs)
	d.putCounts(f, attrs)
	putInterfaces(f, attrs)
	putSample(f, attrs)
	d.putExtended(f, attrs)
}

func (d *Decoder) putEndpoints(f *flow, attrs pcommon.Map) {
	if f.is(hasAddrs) {
		src, dst := d.addrs.Str(f.src), d.addrs.Str(f.dst)
		attrs.PutStr("source.ip", src)
		attrs.PutStr("destination.ip", dst)
		if f.src.Is4() {
			attrs.PutStr("network.type", "ipv4")
		} else {
			attrs.PutStr("network.type", "ipv6")
		}
		related := attrs.PutEmptySlice("related.ip")
		related.AppendEmpty().SetStr(src)
		if dst != src {
			related.AppendEmpty().SetStr(dst)
		}
	}
	if f.is(hasPorts) {
		attrs.PutInt("source.port", int64(f.srcPort))
		attrs.PutInt("destination.port", int64(f.dstPort))
	}
	if f.is(hasProto) {
		attrs.PutInt("network.iana_number", int64(f.proto))
	}
	if f.is(hasMACs) {
		attrs.PutStr("source.mac", d.macs.Str(f.srcMAC))
		attrs.PutStr("destination.mac", d.macs.Str(f.dstMAC))
	}
	if f.is(hasTCPFlags) && f.proto == 6 {
		attrs.PutInt("netflow.tcp_control_bits", int64(f.tcpFlags))
	}
	if f.is(hasICMP) {
		// The IPFIX icmpTypeCode elements, which the protocolname processor names.
		key := "netflow.icmp_type_code_ipv4"
		if f.proto == 58 {
			key = "netflow.icmp_type_code_ipv6"
		}
		attrs.PutInt(key, int64(f.icmpType)<<8|int64(f.icmpCode))
	}
}

// putCounts: one sampled packet of length bytes; with scale_by_sampling
// the estimate of what it stands for, rate packets of that length.
func (d *Decoder) putCounts(f *flow, attrs pcommon.Map) {
	bytes, packets := uint64(f.length), uint64(1)
	if d.cfg.ScaleBySampling && f.rate > 1 {
		bytes, packets = bytes*uint64(f.rate), uint64(f.rate)
	}
	if f.is(hasLength) {
		attrs.PutInt("source.bytes", int64(bytes))
		attrs.PutInt("network.bytes", int64(bytes))
	}
	attrs.PutInt("source.packets", int64(packets))
	attrs.PutInt("network.packets", int64(packets))
}

func putInterfaces(f *flow, attrs pcommon.Map) {
	if f.inFormat == ifFormatIndex && f.input != 0 && f.input != ifInternal {
		attrs.PutStr("observer.ingress.interface.id", ecsstr.ID(uint64(f.input)))
	}
	switch {
	case f.outFormat == ifFormatIndex && f.output != 0 && f.output != ifInternal:
		attrs.PutStr("observer.egress.interface.id", ecsstr.ID(uint64(f.output)))
	case f.outFormat == ifFormatDiscard:
		attrs.PutInt("sflow.discard_reason", int64(f.output))
	case f.outFormat == ifFormatMultiple:
		attrs.PutInt("sflow.egress_interfaces", int64(f.output))
	}
}

// putSample writes the sample's own fields. Fields that are zero on most
// samples (drops, the source type of an interface, TOS) are written only
// when set: every attribute costs an allocation per record.
func putSample(f *flow, attrs pcommon.Map) {
	attrs.PutInt("sflow.sampling_rate", int64(f.rate))
	attrs.PutInt("sflow.sample_pool", int64(f.pool))
	attrs.PutInt("sflow.sequence_number", int64(f.sequence))
	attrs.PutInt("sflow.source_id.index", int64(f.sourceIndex))
	putNonZero(attrs, "sflow.drops", f.drops)
	putNonZero(attrs, "sflow.source_id.type", f.sourceType)
	if f.is(hasRawHeader) {
		attrs.PutInt("sflow.header.protocol", int64(f.headerProtocol))
		attrs.PutInt("sflow.header.stripped", int64(f.stripped))
	}
	if f.is(hasEtherType) && !f.is(hasAddrs) { // with IP, network.type says it
		attrs.PutInt("sflow.ethernet.type", int64(f.etherType))
	}
	if f.is(hasTOS) {
		putNonZero(attrs, "sflow.ip.tos", f.tos)
	}
}

func putNonZero(attrs pcommon.Map, key string, v uint32) {
	if v != 0 {
		attrs.PutInt(key, int64(v))
	}
}

func (d *Decoder) putExtended(f *flow, attrs pcommon.Map) {
	putVLANs(f, attrs)
	// An all-zero switch record (untagged, no priority: what a host agent
	// or pmacctd sends) says nothing.
	if f.is(hasSwitch) && f.srcVLAN|f.dstVLAN|f.srcPriority|f.dstPriority != 0 {
		attrs.PutInt("sflow.switch.src_vlan", int64(f.srcVLAN))
		attrs.PutInt("sflow.switch.src_priority", int64(f.srcPriority))
		attrs.PutInt("sflow.switch.dst_vlan", int64(f.dstVLAN))
		attrs.PutInt("sflow.switch.dst_priority", int64(f.dstPriority))
	}
	if f.is(hasRouter) {
		if f.nextHop.IsValid() {
			attrs.PutStr("sflow.router.next_hop", d.addrs.Str(f.nextHop))
		}
		attrs.PutInt("sflow.router.src_mask_len", int64(f.srcMask))
		attrs.PutInt("sflow.router.dst_mask_len", int64(f.dstMask))
	}
	if f.is(hasGateway) {
		d.putGateway(f, attrs)
	}
	if f.is(hasUser) {
		putText(attrs, "source.user.name", f.srcUser)
		putText(attrs, "destination.user.name", f.dstUser)
	}
	if f.is(hasURL) {
		putText(attrs, "url.original", f.url)
		putText(attrs, "url.domain", f.host)
	}
}

// putVLANs: the extended switch record's ingress VLAN is the switch's
// view (it holds for untagged ports too); else the sampled header's tag.
func putVLANs(f *flow, attrs pcommon.Map) {
	switch {
	case f.is(hasSwitch) && f.srcVLAN != 0: // 0: untagged
		attrs.PutStr("network.vlan.id", ecsstr.ID(uint64(f.srcVLAN)))
	case f.is(hasVLAN):
		attrs.PutStr("network.vlan.id", ecsstr.ID(uint64(f.vlan)))
	}
	if f.is(hasVLAN) && f.innerVLAN != 0 {
		attrs.PutStr("network.inner.vlan.id", ecsstr.ID(uint64(f.innerVLAN)))
	}
	if f.is(hasVXLAN) {
		attrs.PutInt("sflow.vxlan.vni", int64(f.vni))
		if f.outerSrc.IsValid() {
			attrs.PutStr("sflow.tunnel.source.ip", f.outerSrc.String())
			attrs.PutStr("sflow.tunnel.destination.ip", f.outerDst.String())
		}
	}
}

func (d *Decoder) putGateway(f *flow, attrs pcommon.Map) {
	if f.gwNextHop.IsValid() {
		attrs.PutStr("sflow.gateway.next_hop", d.addrs.Str(f.gwNextHop))
	}
	attrs.PutInt("sflow.gateway.as", int64(f.as))
	attrs.PutInt("sflow.gateway.src_as", int64(f.srcAS))
	attrs.PutInt("sflow.gateway.src_peer_as", int64(f.srcPeerAS))
	if len(f.asPath) > 0 {
		attrs.PutInt("sflow.gateway.dst_as", int64(f.asPath[len(f.asPath)-1]))
		path := attrs.PutEmptySlice("sflow.gateway.dst_as_path")
		path.EnsureCapacity(len(f.asPath))
		for _, as := range f.asPath {
			path.AppendEmpty().SetInt(int64(as))
		}
	}
	if len(f.communities) > 0 {
		cs := attrs.PutEmptySlice("sflow.gateway.communities")
		cs.EnsureCapacity(len(f.communities))
		for _, c := range f.communities {
			// RFC 1997 notation: AS:value.
			cs.AppendEmpty().SetStr(strconv.FormatUint(uint64(c>>16), 10) + ":" + strconv.FormatUint(uint64(c&0xffff), 10))
		}
	}
	attrs.PutInt("sflow.gateway.local_pref", int64(f.localPref))
}

// putText writes an sFlow string (no charset guarantee) as UTF-8, or as hex
// when it is not valid UTF-8; empty strings are skipped.
func putText(attrs pcommon.Map, key string, b []byte) {
	if len(b) == 0 {
		return
	}
	if utf8.Valid(b) {
		attrs.PutStr(key, string(b))
		return
	}
	attrs.PutStr(key, hex.EncodeToString(b))
}
