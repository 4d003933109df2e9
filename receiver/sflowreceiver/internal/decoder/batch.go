// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder // import "github.com/otelcol-flows/otelcol-flows/receiver/sflowreceiver/internal/decoder"

import (
	"net/netip"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/pmetric"
)

const scopeName = "github.com/otelcol-flows/otelcol-flows/receiver/sflowreceiver"

// resourceKey identifies one resource: the UDP source and the agent.
type resourceKey struct {
	exporter netip.AddrPort
	agent    netip.Addr
	subAgent uint32
}

// Batch accumulates the log records of flow samples and the metrics of
// counter samples across Decode calls, one resource per agent.
type Batch struct {
	logs    plog.Logs
	records map[resourceKey]plog.LogRecordSlice
	nLogs   int
	metrics pmetric.Metrics
	series  map[resourceKey]*agentMetrics
	nPoints int
}

// NewBatch returns an empty batch.
func NewBatch() *Batch {
	b := &Batch{}
	b.reset()
	return b
}

func (b *Batch) reset() {
	b.logs, b.records, b.nLogs = plog.NewLogs(), make(map[resourceKey]plog.LogRecordSlice), 0
	b.metrics, b.series, b.nPoints = pmetric.NewMetrics(), make(map[resourceKey]*agentMetrics), 0
}

// Len is the number of log records and data points in the batch.
func (b *Batch) Len() int { return b.nLogs + b.nPoints }

// Take hands the logs and metrics over (with their counts) and starts an
// empty batch.
func (b *Batch) Take() (logs plog.Logs, records int, metrics pmetric.Metrics, points int) {
	logs, records, metrics, points = b.logs, b.nLogs, b.metrics, b.nPoints
	b.reset()
	return logs, records, metrics, points
}

func (h *datagramHeader) key() resourceKey {
	return resourceKey{exporter: h.exporter, agent: h.agent, subAgent: h.subAgent}
}

// recordSlice returns the log records of the datagram's agent.
func (b *Batch) recordSlice(h *datagramHeader) plog.LogRecordSlice {
	return ofAgent(b.records, h, func() plog.LogRecordSlice {
		rl := b.logs.ResourceLogs().AppendEmpty()
		sl := rl.ScopeLogs().AppendEmpty()
		initResource(rl.Resource(), sl.Scope(), h)
		return sl.LogRecords()
	})
}

// ofAgent returns what m holds for the datagram's agent, adding what
// create makes the first time the agent is seen.
func ofAgent[V any](m map[resourceKey]V, h *datagramHeader, create func() V) V {
	k := h.key()
	if v, ok := m[k]; ok {
		return v
	}
	v := create()
	m[k] = v
	return v
}

// initResource describes a new resource of the datagram's agent and names
// its scope.
func initResource(r pcommon.Resource, scope pcommon.InstrumentationScope, h *datagramHeader) {
	putAgent(r.Attributes(), h)
	scope.SetName(scopeName)
}
