// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder // import "github.com/otelcol-flows/otelcol-flows/receiver/sflowreceiver/internal/decoder"

import (
	"strconv"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/pmetric"
)

// Metric names: OpenTelemetry semantic conventions' hardware metrics
// (hw.network.*, hw.errors: a switch port is a network hardware component
// with hw.id = ifIndex) where they exist, sflow.* for the rest.
const (
	metricIO        = "hw.network.io"
	metricPackets   = "hw.network.packets"
	metricErrors    = "hw.errors"
	metricBandwidth = "hw.network.bandwidth.limit"
	metricUp        = "hw.network.up"
	metricDiscards  = "sflow.interface.discards"
	metricEthernet  = "sflow.ethernet.errors"
)

// agentMetrics are the metrics of one agent (resource) in a batch.
type agentMetrics struct {
	slice  pmetric.MetricSlice
	byName map[string]pmetric.NumberDataPointSlice
}

func (b *Batch) agentMetrics(h *datagramHeader) *agentMetrics {
	return ofAgent(b.series, h, func() *agentMetrics {
		rm := b.metrics.ResourceMetrics().AppendEmpty()
		sm := rm.ScopeMetrics().AppendEmpty()
		initResource(rm.Resource(), sm.Scope(), h)
		return &agentMetrics{slice: sm.Metrics(), byName: make(map[string]pmetric.NumberDataPointSlice)}
	})
}

// points returns the data points of a metric, creating it as a
// cumulative monotonic sum, or as a gauge.
func (a *agentMetrics) points(name, unit, description string, gauge bool) pmetric.NumberDataPointSlice {
	if s, ok := a.byName[name]; ok {
		return s
	}
	m := a.slice.AppendEmpty()
	m.SetName(name)
	m.SetUnit(unit)
	m.SetDescription(description)
	var s pmetric.NumberDataPointSlice
	if gauge {
		s = m.SetEmptyGauge().DataPoints()
	} else {
		sum := m.SetEmptySum()
		sum.SetIsMonotonic(true)
		sum.SetAggregationTemporality(pmetric.AggregationTemporalityCumulative)
		s = sum.DataPoints()
	}
	a.byName[name] = s
	return s
}

// pointWriter adds the data points of one counter sample.
type pointWriter struct {
	a         *agentMetrics
	start, ts pcommon.Timestamp
	ifID      string
	n         int
}

func (w *pointWriter) add(s pmetric.NumberDataPointSlice, v int64, key, value string) {
	dp := s.AppendEmpty()
	dp.SetStartTimestamp(w.start)
	dp.SetTimestamp(w.ts)
	dp.SetIntValue(v)
	attrs := dp.Attributes()
	attrs.EnsureCapacity(3)
	attrs.PutStr("hw.id", w.ifID)
	attrs.PutStr("hw.type", "network")
	if key != "" {
		attrs.PutStr(key, value)
	}
	w.n++
}

func (w *pointWriter) inOut(name, unit, description string, in, out uint64) {
	s := w.a.points(name, unit, description, false)
	w.add(s, int64(in), "network.io.direction", "receive")
	w.add(s, int64(out), "network.io.direction", "transmit")
}

// appendCounters writes a counter sample's generic interface and
// Ethernet counters; it returns the number of data points. The counters
// count since the agent started: its uptime gives the start time.
func (b *Batch) appendCounters(h *datagramHeader, c *ifCounters) int {
	if !c.hasGeneric && !c.hasEthernet {
		return 0
	}
	index := c.sourceIndex
	if c.hasGeneric {
		index = c.generic.index
	}
	w := pointWriter{
		a:    b.agentMetrics(h),
		ts:   h.received,
		ifID: strconv.FormatUint(uint64(index), 10),
	}
	w.start = h.received - pcommon.Timestamp(time.Duration(h.uptimeMs)*time.Millisecond)
	if c.hasGeneric {
		w.generic(&c.generic)
	}
	if c.hasEthernet {
		s := w.a.points(metricEthernet, "{error}", "Ethernet errors (dot3Stats) by error.type.", false)
		for i, v := range c.ethernet {
			w.add(s, int64(v), "error.type", ethernetCounterNames[i])
		}
	}
	b.nPoints += w.n
	return w.n
}

func (w *pointWriter) generic(g *genericInterface) {
	w.inOut(metricIO, "By", "Octets received and transmitted (ifInOctets, ifOutOctets).", g.inOctets, g.outOctets)
	w.inOut(metricPackets, "{packet}", "Packets received and transmitted: unicast, multicast and broadcast.",
		uint64(g.inUcast)+uint64(g.inMcast)+uint64(g.inBcast), uint64(g.outUcast)+uint64(g.outMcast)+uint64(g.outBcast))
	w.inOut(metricErrors, "{error}", "Packets with errors (ifInErrors, ifOutErrors).", uint64(g.inErrors), uint64(g.outErrors))
	w.inOut(metricDiscards, "{packet}", "Packets discarded without error (ifInDiscards, ifOutDiscards).", uint64(g.inDiscards), uint64(g.outDiscards))
	w.add(w.a.points(metricBandwidth, "By/s", "Interface speed (ifSpeed / 8).", true), int64(g.speed/8), "", "")
	up := int64(0)
	if g.status&2 != 0 { // bit 1: ifOperStatus up
		up = 1
	}
	w.add(w.a.points(metricUp, "1", "1 when the interface is operationally up (ifOperStatus).", true), up, "", "")
}
