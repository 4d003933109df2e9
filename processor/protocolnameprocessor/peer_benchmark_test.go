// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package protocolnameprocessor

import (
	"context"
	"testing"

	"github.com/open-telemetry/opentelemetry-collector-contrib/processor/transformprocessor"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/processor/processortest"
)

// BenchmarkPeerTransformSeedDictionary is the peer figure: the seed's
// six-entry translate dictionary written as OTTL statements in the contrib
// transform processor, over the same batches as BenchmarkConsumeLogs/protocol.
func BenchmarkPeerTransformSeedDictionary(b *testing.B) {
	var statements []any
	for _, e := range []struct {
		n    string
		name string
	}{{"6", "tcp"}, {"17", "udp"}, {"1", "icmp"}, {"47", "gre"}, {"50", "esp"}, {"58", "ipv6-icmp"}} {
		statements = append(statements,
			`set(attributes["network.transport"], "`+e.name+`") where attributes["network.iana_number"] == `+e.n)
	}
	factory := transformprocessor.NewFactory()
	cfg := factory.CreateDefaultConfig()
	require.NoError(b, confmap.NewFromStringMap(map[string]any{
		"log_statements": []any{map[string]any{"context": "log", "statements": statements}},
	}).Unmarshal(cfg))
	p, err := factory.CreateLogs(context.Background(), processortest.NewNopSettings(factory.Type()), cfg, consumertest.NewNop())
	require.NoError(b, err)
	runConsumeLogs(b, p, false)
}
