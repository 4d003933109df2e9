// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package protocolnameprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/protocolnameprocessor"

import (
	"context"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/collector/processor/processorhelper"

	"github.com/otelcol-flows/otelcol-flows/processor/protocolnameprocessor/internal/metadata"
)

// NewFactory returns the factory of the protocolname processor.
func NewFactory() processor.Factory {
	return processor.NewFactory(metadata.Type, createDefaultConfig,
		processor.WithLogs(createLogs, metadata.LogsStability))
}

// createDefaultConfig uses the ECS keys the flow receivers of this
// distribution write, and the IPFIX-derived netflow.* keys of Filebeat's
// netflow input.
func createDefaultConfig() component.Config {
	return &Config{
		Protocol: ProtocolConfig{
			Enabled: true,
			Source:  "network.iana_number",
			Target:  "network.transport",
			Case:    CaseLower,
		},
		TCPFlags: TCPFlagsConfig{
			Enabled: true,
			Source:  "netflow.tcp_control_bits",
			Target:  "network.tcp_flags",
			Format:  FormatList,
		},
		ICMP: ICMPConfig{
			Enabled: true,
			IPv4: ICMPSources{
				TypeCode: "netflow.icmp_type_code_ipv4",
				Type:     "netflow.icmp_type_ipv4",
				Code:     "netflow.icmp_code_ipv4",
			},
			IPv6: ICMPSources{
				TypeCode: "netflow.icmp_type_code_ipv6",
				Type:     "netflow.icmp_type_ipv6",
				Code:     "netflow.icmp_code_ipv6",
			},
			PortSource:     "destination.port",
			TypeTarget:     "icmp.type",
			CodeTarget:     "icmp.code",
			TypeNameTarget: "icmp.type_name",
			CodeNameTarget: "icmp.code_name",
		},
		Service: ServiceConfig{
			Enabled:         false,
			SourcePort:      "source.port",
			DestinationPort: "destination.port",
			Target:          "network.application",
		},
	}
}

func createLogs(ctx context.Context, set processor.Settings, cfg component.Config, next consumer.Logs) (processor.Logs, error) {
	p, err := newProtocolNamer(set.TelemetrySettings, cfg.(*Config))
	if err != nil {
		return nil, err
	}
	return processorhelper.NewLogs(ctx, set, cfg, next, p.processLogs,
		processorhelper.WithCapabilities(consumer.Capabilities{MutatesData: true}),
		processorhelper.WithShutdown(p.shutdown))
}
