// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package networkdirectionprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/networkdirectionprocessor"

import (
	"context"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otelcol-flows/otelcol-flows/internal/ipattr"
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

func (p *directionMarker) shutdown(context.Context) error {
	p.telemetry.Shutdown()
	return nil
}

func (p *directionMarker) processLogs(ctx context.Context, ld plog.Logs) (plog.Logs, error) {
	var records, undirected int64
	for _, rl := range ld.ResourceLogs().All() {
		for _, sl := range rl.ScopeLogs().All() {
			for _, lr := range sl.LogRecords().All() {
				records++
				if !p.mark(lr.Attributes()) {
					undirected++
				}
			}
		}
	}
	p.telemetry.ProcessorNetworkdirectionRecordsProcessed.Add(ctx, records)
	if undirected > 0 {
		p.telemetry.ProcessorNetworkdirectionRecordsWithoutDirection.Add(ctx, undirected)
	}
	return ld, nil
}

// mark writes the locality of every end that has an address, and the flow's
// locality and direction when both source and destination have one. A record
// without addresses gets nothing rather than a guess. It reports whether it
// wrote network.direction.
func (p *directionMarker) mark(attrs pcommon.Map) bool {
	src := p.putLocality(attrs, "source.ip", "source.locality")
	dst := p.putLocality(attrs, "destination.ip", "destination.locality")
	// Biflows name their ends client and server too (Filebeat's client.*/server.*).
	p.putLocality(attrs, "client.ip", "client.locality")
	p.putLocality(attrs, "server.ip", "server.locality")
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

// putLocality writes target for the address in key and returns the locality,
// or "" when key is missing or not an address.
func (p *directionMarker) putLocality(attrs pcommon.Map, key, target string) string {
	v, ok := attrs.Get(key)
	if !ok {
		return ""
	}
	ip, ok := ipattr.Parse(v)
	if !ok {
		return ""
	}
	loc := p.networks.locality(ip)
	attrs.PutStr(target, loc)
	return loc
}
