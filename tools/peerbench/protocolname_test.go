// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package peerbench

import (
	"testing"

	"github.com/open-telemetry/opentelemetry-collector-contrib/processor/transformprocessor"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/processor"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
	"github.com/otelcol-flows/otelcol-flows/processor/protocolnameprocessor"
)

// BenchmarkProtocolName names the IP protocol of the same batches two ways:
// our protocolname processor with only its protocol mapping on (as
// BenchmarkConsumeLogs/protocol in its package), and the peer, the seed's
// six-entry Logstash translate dictionary written as OTTL statements in the
// contrib transform processor.
func BenchmarkProtocolName(b *testing.B) {
	b.Run("protocolname", func(b *testing.B) {
		f := protocolnameprocessor.NewFactory()
		benchConsumeLogs(b, f, map[string]any{
			"tcp_flags": map[string]any{"enabled": false},
			"icmp":      map[string]any{"enabled": false},
			"service":   map[string]any{"enabled": false},
		})
	})
	b.Run("transform_seed_dictionary", func(b *testing.B) {
		var statements []any
		for _, e := range []struct {
			n    string
			name string
		}{{"6", "tcp"}, {"17", "udp"}, {"1", "icmp"}, {"47", "gre"}, {"50", "esp"}, {"58", "ipv6-icmp"}} {
			statements = append(statements,
				`set(attributes["network.transport"], "`+e.name+`") where attributes["network.iana_number"] == `+e.n)
		}
		benchConsumeLogs(b, transformprocessor.NewFactory(), map[string]any{
			"log_statements": []any{map[string]any{"context": "log", "statements": statements}},
		})
	})
}

func benchConsumeLogs(b *testing.B, f processor.Factory, conf map[string]any) {
	cfg := f.CreateDefaultConfig()
	require.NoError(b, confmap.NewFromStringMap(conf).Unmarshal(cfg))
	testutil.ConsumeLogsBench(b, testutil.NewLogsProcessor(b, f, cfg, consumertest.NewNop()), false)
}
