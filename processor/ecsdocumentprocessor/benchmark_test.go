// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ecsdocumentprocessor

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

const benchBatch = 1000

// benchLogs is a batch of flow records shaped like the receiver's output
// after the enrichment processors: 30 record attributes and 4 resource
// attributes, 34 document fields with @timestamp (the 33-field
// documents). Ports and counters vary so that documents differ.
func benchLogs(n int) plog.Logs {
	src := flowInput()
	ld := plog.NewLogs()
	src.ResourceLogs().At(0).Resource().CopyTo(ld.ResourceLogs().AppendEmpty().Resource())
	sl := ld.ResourceLogs().At(0).ScopeLogs().AppendEmpty()
	proto := src.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0)
	for i := range n {
		lr := sl.LogRecords().AppendEmpty()
		proto.CopyTo(lr)
		lr.Attributes().PutInt("source.port", int64(1024+i%60000))
		lr.Attributes().PutInt("source.bytes", int64(i))
	}
	return ld
}

// uniquify makes batch n's documents differ from every other batch's, so
// that their document ids do not collide.
func uniquify(ld plog.Logs, n int) {
	for i, lr := range ld.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().All() {
		lr.Attributes().PutInt("source.bytes", int64(n*benchBatch+i))
	}
}

// distinctAddresses gives every record of batch n a source and a
// destination address no other record of any batch has, as during a scan.
func distinctAddresses(ld plog.Logs, n int) {
	for i, lr := range ld.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().All() {
		k := uint32(2 * (n*benchBatch + i))
		lr.Attributes().PutStr("source.ip", testutil.DistinctAddress(k).String())
		lr.Attributes().PutStr("destination.ip", testutil.DistinctAddress(k+1).String())
	}
}

// BenchmarkProcessLogs: the ecsdocument processor alone, one core. Each
// batch is copied from a template with the timer stopped. The
// distinct_addresses case (issue 24) gives every record new addresses.
func BenchmarkProcessLogs(b *testing.B) {
	for _, tc := range []struct {
		docID, churn bool
	}{{true, false}, {false, false}, {true, true}} {
		docID := tc.docID
		name := fmt.Sprintf("document_id=%v", docID)
		if tc.churn {
			name += "/distinct_addresses"
		}
		b.Run(name, func(b *testing.B) {
			cfg := createDefaultConfig().(*Config)
			cfg.DocumentID = docID
			p, err := newDocumentShaper(componenttest.NewNopTelemetrySettings(), cfg)
			require.NoError(b, err)
			template := benchLogs(benchBatch)
			b.ReportAllocs()
			b.ResetTimer()
			for n := range b.N {
				b.StopTimer()
				ld := plog.NewLogs()
				template.CopyTo(ld)
				uniquify(ld, n)
				if tc.churn {
					distinctAddresses(ld, n)
				}
				b.StartTimer()
				if _, err := p.ProcessLogs(context.Background(), ld); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*benchBatch)/b.Elapsed().Seconds(), "records/s")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchBatch), "ns/record")
			b.ReportMetric(0, "ns/op")
		})
	}
}
