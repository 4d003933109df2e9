// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package networkdirectionprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/networkdirectionprocessor"

import (
	"context"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otelcol-flows/otelcol-flows/internal/ipattr"
	"github.com/otelcol-flows/otelcol-flows/internal/logrecords"
	"github.com/otelcol-flows/otelcol-flows/processor/networkdirectionprocessor/internal/metadata"
)

// directionMarker writes the localities and the direction of each record.
type directionMarker struct {
	networks  internalNetworks
	telemetry *metadata.TelemetryBuilder
}

func newDirectionMarker(set component.TelemetrySettings, cfg *Config) (*directionMarker, error) {
	tb, err := metadata.NewTelemetryBuilder(set)
	if err != nil {
		return nil, err
	}
	return &directionMarker{networks: newInternalNetworks(cfg.InternalNetworks), telemetry: tb}, nil
}

func (p *directionMarker) Shutdown(context.Context) error {
	p.telemetry.Shutdown()
	return nil
}

func (p *directionMarker) ProcessLogs(ctx context.Context, ld plog.Logs) (plog.Logs, error) {
	var records, undirected int64
	for attrs := range logrecords.Attributes(ld) {
		records++
		if !p.mark(attrs) {
			undirected++
		}
	}
	p.telemetry.ProcessorNetworkdirectionRecordsProcessed.Add(ctx, records)
	if undirected > 0 {
		p.telemetry.ProcessorNetworkdirectionRecordsWithoutDirection.Add(ctx, undirected)
	}
	return ld, nil
}

// end is one address attribute of a record; found is false where the record has none.
type end struct {
	value pcommon.Value
	found bool
}

// ends are the address attributes of one record, found in one pass over its attributes
// (four lookups would scan them four times).
type ends struct{ src, dst, client, server end }

func findEnds(attrs pcommon.Map) ends {
	var e ends
	for k, v := range attrs.All() {
		switch k {
		case "source.ip":
			e.src = end{v, true}
		case "destination.ip":
			e.dst = end{v, true}
		case "client.ip":
			e.client = end{v, true}
		case "server.ip":
			e.server = end{v, true}
		}
	}
	return e
}

// mark writes the locality of every end that has an address, and the flow's locality and
// direction when both source and destination have one. A record without addresses gets
// nothing rather than a guess. It reports whether it wrote network.direction.
func (p *directionMarker) mark(attrs pcommon.Map) bool {
	e := findEnds(attrs)
	// Localities first, puts after: a put may move the values the scan found.
	src, dst := p.locality(e.src), p.locality(e.dst)
	// Biflows name their ends client and server too (Filebeat's client.*/server.*).
	client, server := p.locality(e.client), p.locality(e.server)
	putIf(attrs, "source.locality", src)
	putIf(attrs, "destination.locality", dst)
	putIf(attrs, "client.locality", client)
	putIf(attrs, "server.locality", server)
	if src == "" || dst == "" {
		return false
	}
	flow := localityExternal
	if src == localityInternal && dst == localityInternal {
		flow = localityInternal
	}
	attrs.PutStr("flow.locality", flow)
	attrs.PutStr("network.direction", direction(src, dst))
	return true
}

func putIf(attrs pcommon.Map, key, value string) {
	if value != "" {
		attrs.PutStr(key, value)
	}
}

// locality of the address in e, or "" when it is missing or not an address.
func (p *directionMarker) locality(e end) string {
	if !e.found {
		return ""
	}
	ip, ok := ipattr.Parse(e.value)
	if !ok {
		return ""
	}
	return p.networks.locality(ip)
}
