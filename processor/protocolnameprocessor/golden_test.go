// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package protocolnameprocessor

import (
	"context"
	"flag"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*/expected.yaml from the current output")

// goldenFlows is one batch covering what exporters send: NetFlow v5/v9
// style ICMP in the port, IPFIX ICMP fields, strings, unknown numbers and a
// pre-set target.
func goldenFlows(t *testing.T) plog.Logs {
	ld := plog.NewLogs()
	rl := ld.ResourceLogs().AppendEmpty()
	rl.Resource().Attributes().PutStr("netflow.exporter.address", "192.0.2.1:2055")
	lrs := rl.ScopeLogs().AppendEmpty().LogRecords()
	for _, rec := range []map[string]any{
		{"network.iana_number": 6, "source.port": 51514, "destination.port": 443, "netflow.tcp_control_bits": 0x1b},
		{"network.iana_number": 17, "source.port": 53535, "destination.port": 53, "netflow.tcp_control_bits": 0},
		{"network.iana_number": 1, "source.port": 0, "destination.port": 0x0800},
		{"network.iana_number": 1, "netflow.icmp_type_code_ipv4": 0x0303},
		{"network.iana_number": 58, "netflow.icmp_type_ipv6": 135, "netflow.icmp_code_ipv6": 0},
		{"network.iana_number": 47},
		{"network.iana_number": "50"},
		{"network.iana_number": 253},
		{"network.iana_number": 6, "network.transport": "keep", "source.port": 22, "destination.port": 40000, "netflow.tcp_control_bits": 0x18},
		{"network.iana_number": 132, "source.port": 5000, "destination.port": 38412},
	} {
		require.NoError(t, lrs.AppendEmpty().Attributes().FromRaw(rec))
	}
	return ld
}

func TestGolden(t *testing.T) {
	seed := createDefaultConfig().(*Config)
	seed.Protocol.Target, seed.Protocol.Case, seed.Protocol.Override = "netflow.protocolIdentifierString", CaseIANA, true
	seed.TCPFlags.Enabled, seed.ICMP.Enabled = false, false
	service := createDefaultConfig().(*Config)
	service.Service.Enabled = true
	service.TCPFlags.Format = FormatString
	service.Protocol.Override = true

	for name, cfg := range map[string]*Config{"defaults": createDefaultConfig().(*Config), "seed": seed, "service": service} {
		t.Run(name, func(t *testing.T) {
			sink := new(consumertest.LogsSink)
			p := testutil.NewLogsProcessor(t, NewFactory(), cfg, sink)
			require.NoError(t, p.ConsumeLogs(context.Background(), goldenFlows(t)))
			require.NoError(t, p.Shutdown(context.Background()))
			require.Len(t, sink.AllLogs(), 1)
			testutil.CompareGoldenLogs(t, name, sink.AllLogs()[0], *update)
		})
	}
}
