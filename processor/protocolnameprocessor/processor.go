// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package protocolnameprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/protocolnameprocessor"

import (
	"context"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/otelcol-flows/otelcol-flows/internal/logrecords"
	"github.com/otelcol-flows/otelcol-flows/processor/protocolnameprocessor/internal/metadata"
	"github.com/otelcol-flows/otelcol-flows/processor/protocolnameprocessor/internal/names"
)

// mapping indexes the per-mapping counters; the names are the values of the
// "mapping" attribute of the telemetry metrics.
type mapping int

const (
	mappingProtocol mapping = iota
	mappingTCPFlags
	mappingICMPType
	mappingICMPCode
	mappingService
	mappingCount
)

var mappingNames = [mappingCount]string{"protocol", "tcp_flags", "icmp_type", "icmp_code", "service"}

// batchCounts accumulates one batch so telemetry is updated once per batch,
// not once per record.
type batchCounts struct {
	records int64
	set     [mappingCount]int64
	unknown [mappingCount]int64
}

// protocolNamer holds the configuration resolved for the hot path.
type protocolNamer struct {
	cfg       Config
	protoCase names.Case
	// protoSource is protocol.source, or "" when only tcp_flags is enabled:
	// nothing then uses the protocol, so no record pays for reading it.
	protoSource string
	telemetry   *metadata.TelemetryBuilder

	protocolTarget, icmpTypeName, icmpCodeName, serviceTarget nameTarget

	unknown unknownLog
	// mappingAttrs are built once: metric.WithAttributeSet per Add would
	// otherwise allocate on every batch.
	mappingAttrs [mappingCount]metric.AddOption
}

func newProtocolNamer(set component.TelemetrySettings, cfg *Config) (*protocolNamer, error) {
	tb, err := metadata.NewTelemetryBuilder(set)
	if err != nil {
		return nil, err
	}
	p := &protocolNamer{
		cfg:            *cfg,
		protoCase:      cfg.Protocol.Case.names(),
		protoSource:    cfg.Protocol.Source,
		telemetry:      tb,
		protocolTarget: nameTarget{cfg.Protocol.Target, cfg.Protocol.Override, mappingProtocol},
		icmpTypeName:   nameTarget{cfg.ICMP.TypeNameTarget, cfg.ICMP.Override, mappingICMPType},
		icmpCodeName:   nameTarget{cfg.ICMP.CodeNameTarget, cfg.ICMP.Override, mappingICMPCode},
		serviceTarget:  nameTarget{cfg.Service.Target, cfg.Service.Override, mappingService},
	}
	if !cfg.Protocol.Enabled && !cfg.ICMP.Enabled && !cfg.Service.Enabled {
		p.protoSource = ""
	}
	p.unknown.logger = set.Logger
	for m := range mappingCount {
		p.mappingAttrs[m] = metric.WithAttributeSet(attribute.NewSet(attribute.String("mapping", mappingNames[m])))
	}
	return p, nil
}

func (p *protocolNamer) ProcessLogs(ctx context.Context, ld plog.Logs) (plog.Logs, error) {
	var c batchCounts
	for attrs := range logrecords.Attributes(ld) {
		p.processRecord(attrs, &c)
		c.records++
	}
	p.report(ctx, &c)
	return ld, nil
}

// processRecord reads the protocol number once and hands it to the mappings
// that depend on it.
func (p *protocolNamer) processRecord(attrs pcommon.Map, c *batchCounts) {
	proto := readNumber(attrs, p.protoSource, 0xff)
	if p.cfg.Protocol.Enabled {
		p.nameProtocol(attrs, proto, c)
	}
	if p.cfg.TCPFlags.Enabled {
		p.nameTCPFlags(attrs, c)
	}
	if p.cfg.ICMP.Enabled {
		p.nameICMP(attrs, proto, c)
	}
	if p.cfg.Service.Enabled {
		p.nameService(attrs, proto, c)
	}
}

func (p *protocolNamer) report(ctx context.Context, c *batchCounts) {
	p.telemetry.ProcessorProtocolnameRecordsProcessed.Add(ctx, c.records)
	for m := range mappingCount {
		if c.set[m] > 0 {
			p.telemetry.ProcessorProtocolnameNamesSet.Add(ctx, c.set[m], p.mappingAttrs[m])
		}
		if c.unknown[m] > 0 {
			p.telemetry.ProcessorProtocolnameUnknownNumbers.Add(ctx, c.unknown[m], p.mappingAttrs[m])
		}
	}
}

func (p *protocolNamer) Shutdown(context.Context) error {
	p.telemetry.Shutdown()
	return nil
}
