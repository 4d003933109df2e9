// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package protocolnameprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/protocolnameprocessor"

import (
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/processor"

	"github.com/otelcol-flows/otelcol-flows/internal/logsprocessor"
	"github.com/otelcol-flows/otelcol-flows/processor/protocolnameprocessor/internal/metadata"
)

// NewFactory returns the factory of the protocolname processor.
func NewFactory() processor.Factory {
	return logsprocessor.NewFactory(metadata.Type, metadata.LogsStability, createDefaultConfig, createLogs)
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

func createLogs(set processor.Settings, cfg *Config) (logsprocessor.Processor, error) {
	return newProtocolNamer(set.TelemetrySettings, cfg)
}
