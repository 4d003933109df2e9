// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"net/netip"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
)

// message is the per-message context every record of the message shares.
type message struct {
	version        uint16
	domain         uint32
	now            time.Time
	exportNs       int64  // export time, UNIX nanoseconds
	uptimeMs       uint32 // exporter uptime (v5/v9 header)
	hasUptime      bool
	sampling       uint32 // v5 header sampling interval
	received       pcommon.Timestamp
	exportStr      string // netflow.exporter.timestamp, formatted once per message
	exp            *exporter
	exporterAddr   netip.AddrPort
	optionsChanged bool
}

// ecsAttrs is an upper bound of the ECS attributes finishFlow writes, to pre-size maps.
const ecsAttrs = 35 // biflows add client.* and server.*: rare enough to grow the map for

// natEventNames are the RFC 8158 natEvent values, used as event.action where Filebeat writes
// netflow_flow: they say more, and netflow_flow stays for every other flow.
var natEventNames = [...]string{1: "nat44_session_create", 2: "nat44_session_delete",
	3: "nat_addresses_exhausted", 4: "nat64_session_create", 5: "nat64_session_delete",
	6: "nat44_bib_create", 7: "nat44_bib_delete", 8: "nat64_bib_create", 9: "nat64_bib_delete",
	10: "nat_ports_exhausted", 11: "quota_exceeded", 12: "address_binding_create",
	13: "address_binding_delete", 14: "port_block_allocation", 15: "port_block_deallocation",
	16: "threshold_reached"}

// span is when a flow started and ended, in UNIX nanoseconds; either may be unknown.
type span struct {
	start, end       int64
	hasStart, hasEnd bool
}

// finishFlow writes the ECS view of the flow walked into c.flow and sets the timestamps.
func (c *decodeCall) finishFlow(m *message, lr plog.LogRecord, attrs pcommon.Map) {
	s := c.flowTimes(m)
	ts := m.exportNs
	if s.hasEnd {
		ts = s.end
	}
	lr.SetTimestamp(pcommon.Timestamp(ts))
	lr.SetObservedTimestamp(m.received)
	c.putSection(attrs)
	c.putEvent(attrs, s)
	c.putEndpoints(m, attrs)
	c.putNetwork(attrs)
	c.putICMP(attrs)
	c.flow.putFlowID(attrs)
	c.putObserver(m, attrs)
	c.putMPLS(attrs)
	c.putApplication(m, attrs)
	attrs.PutStr("netflow.type", "netflow_flow")
	c.putExporter(m, attrs)
}

func (d *Decoder) putExporter(m *message, attrs pcommon.Map) {
	attrs.PutStr("netflow.exporter.timestamp", m.exportStr)
	if m.hasUptime {
		attrs.PutInt("netflow.exporter.uptime_millis", int64(m.uptimeMs))
	}
}

func (c *decodeCall) putEvent(attrs pcommon.Map, s span) {
	f := &c.flow
	attrs.PutStr("event.kind", "event")
	category := attrs.PutEmptySlice("event.category")
	category.AppendEmpty().SetStr("network")
	if f.biflow(f.counters()) {
		category.AppendEmpty().SetStr("session")
	}
	attrs.PutEmptySlice("event.type").AppendEmpty().SetStr("connection")
	action := "netflow_flow"
	if f.is(rNatEvent) && f.num[rNatEvent] < uint64(len(natEventNames)) && natEventNames[f.num[rNatEvent]] != "" {
		action = natEventNames[f.num[rNatEvent]]
	}
	attrs.PutStr("event.action", action)
	if s.hasStart {
		attrs.PutStr("event.start", c.times.str(s.start))
	}
	if s.hasEnd {
		attrs.PutStr("event.end", c.times.str(s.end))
	}
	if s.hasStart && s.hasEnd && s.end >= s.start {
		attrs.PutInt("event.duration", s.end-s.start)
	}
}

// flowTimes resolves start and end from whichever time elements the record carries.
func (c *decodeCall) flowTimes(m *message) span {
	f := &c.flow
	start, hasStart := c.instant(m, rStart, rStartUptime, rStartDeltaUs)
	end, hasEnd := c.instant(m, rEnd, rEndUptime, rEndDeltaUs)
	var dur int64 = -1
	if f.is(rDurationMs) {
		dur = int64(f.num[rDurationMs]) * int64(time.Millisecond)
	} else if f.is(rDurationUs) {
		dur = int64(f.num[rDurationUs]) * int64(time.Microsecond)
	}
	if !hasEnd && f.is(rObservationTime) {
		end, hasEnd = int64(f.num[rObservationTime]), true
	}
	if dur >= 0 && hasStart && !hasEnd {
		end, hasEnd = start+dur, true
	} else if dur >= 0 && hasEnd && !hasStart {
		start, hasStart = end-dur, true
	}
	return span{start: start, end: end, hasStart: hasStart, hasEnd: hasEnd}
}

// instant converts one of the three ways a flow time can be sent to UNIX nanoseconds.
func (c *decodeCall) instant(m *message, abs, uptime, delta role) (int64, bool) {
	f := &c.flow
	switch {
	case f.is(abs):
		return int64(f.num[abs]), true
	case f.is(uptime) && m.hasUptime:
		// RFC 3954 section 8: FIRST/LAST_SWITCHED are sysUpTime in ms; the difference to the
		// header's sysUpTime is taken modulo 2^32 so that uptime wrap-around is harmless.
		ago := int64(int32(m.uptimeMs - uint32(f.num[uptime])))
		return m.exportNs - ago*int64(time.Millisecond), true
	case f.is(uptime) && m.exp.sysInitNs != 0:
		// RFC 7011 flowStartSysUpTime is relative to systemInitTimeMilliseconds (options data).
		// It is a 32-bit counter, so, as in v9, the difference is taken modulo 2^32 against
		// the uptime at export time: a device up for more than 49.7 days wraps, and softflowd
		// replaying a capture older than its own start sends negative (wrapped) uptimes.
		nowUp := uint32((m.exportNs - m.exp.sysInitNs) / int64(time.Millisecond))
		ago := int64(int32(nowUp - uint32(f.num[uptime])))
		return m.exportNs - ago*int64(time.Millisecond), true
	case f.is(delta):
		return m.exportNs - int64(f.num[delta])*int64(time.Microsecond), true
	}
	return 0, false
}

// putObserver writes the interfaces: ingressInterface/egressInterface (10/14), else the
// physical interfaces (252/253) that some exporters send instead.
func (c *decodeCall) putObserver(m *message, attrs pcommon.Map) {
	f := &c.flow
	if id, ok := f.interfaceID(rInIf, rInPhysIf); ok {
		c.putInterface(m, attrs, id, &ingressKeys)
	}
	if id, ok := f.interfaceID(rOutIf, rOutPhysIf); ok {
		c.putInterface(m, attrs, id, &egressKeys)
	}
}

func (f *flow) interfaceID(logical, physical role) (uint64, bool) {
	if f.is(logical) {
		return f.num[logical], true
	}
	return f.num[physical], f.is(physical)
}
