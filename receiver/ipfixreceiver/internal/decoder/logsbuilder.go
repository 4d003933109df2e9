// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"net/netip"

	"go.opentelemetry.io/collector/pdata/plog"
)

// resourceKey identifies one ResourceLogs: exporter and observation domain.
type resourceKey struct {
	exporter netip.AddrPort
	version  uint16
	domain   uint32
}

// LogsBuilder builds the logs a worker hands over as one batch: the log records of many Decode
// calls, one ResourceLogs per exporter and observation domain.
type LogsBuilder struct {
	logs      plog.Logs
	resources map[resourceKey]plog.LogRecordSlice
	sizes     map[resourceKey]int // records per resource in the previous batch, to pre-size
	n         int
}

// NewLogsBuilder returns an empty builder.
func NewLogsBuilder() *LogsBuilder {
	return &LogsBuilder{logs: plog.NewLogs(), resources: make(map[resourceKey]plog.LogRecordSlice),
		sizes: make(map[resourceKey]int)}
}

// Len is the number of log records built since the last Take.
func (b *LogsBuilder) Len() int { return b.n }

// Take hands the logs over and starts anew.
func (b *LogsBuilder) Take() plog.Logs {
	out := b.logs
	b.logs = plog.NewLogs()
	// An exporter sends at a steady rate, so the previous batch's size of each resource is a
	// good guess for the next: the record slice is allocated once instead of doubling. Only
	// the resources of this batch are remembered, so the map stays bounded.
	clear(b.sizes)
	for k, s := range b.resources {
		b.sizes[k] = s.Len()
	}
	clear(b.resources)
	b.n = 0
	return out
}

// records returns the record slice of the exporter's resource, creating it on first use.
func (b *LogsBuilder) records(k resourceKey) plog.LogRecordSlice {
	if s, ok := b.resources[k]; ok {
		return s
	}
	rl := b.logs.ResourceLogs().AppendEmpty()
	attrs := rl.Resource().Attributes()
	attrs.EnsureCapacity(4)
	attrs.PutStr("netflow.exporter.address", k.exporter.String())
	attrs.PutInt("netflow.exporter.version", int64(k.version))
	attrs.PutInt("netflow.exporter.source_id", int64(k.domain))
	attrs.PutStr("observer.ip", k.exporter.Addr().Unmap().String())
	sl := rl.ScopeLogs().AppendEmpty()
	sl.Scope().SetName("github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver")
	s := sl.LogRecords()
	s.EnsureCapacity(b.sizes[k])
	b.resources[k] = s
	return s
}
