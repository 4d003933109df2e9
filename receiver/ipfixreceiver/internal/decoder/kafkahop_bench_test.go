// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"testing"

	"go.opentelemetry.io/collector/pdata/plog"
)

// BenchmarkKafkaHop is what a Kafka tier adds per record to the receiver's output: the collect
// tier's kafka exporter marshals a batch to OTLP protobuf and the index tier's kafka receiver
// unmarshals it (docs/scale-out.md). Compare with BenchmarkDecode in the same run; wire bytes
// are before Kafka's compression.
func BenchmarkKafkaHop(b *testing.B) {
	for _, bs := range ipfixBenchSets(b) {
		b.Run(bs.name, func(b *testing.B) {
			logs := decodedBatch(b, bs, 4096)
			var m plog.ProtoMarshaler
			var u plog.ProtoUnmarshaler
			wire, err := m.MarshalLogs(logs)
			if err != nil {
				b.Fatal(err)
			}
			records := 0
			measure(b, func() {
				buf, err := m.MarshalLogs(logs)
				if err != nil {
					b.Fatal(err)
				}
				back, err := u.UnmarshalLogs(buf)
				if err != nil {
					b.Fatal(err)
				}
				records += back.LogRecordCount()
			}, &records)
			b.ReportMetric(float64(len(wire))/float64(logs.LogRecordCount()), "wire-B/record")
		})
	}
}
