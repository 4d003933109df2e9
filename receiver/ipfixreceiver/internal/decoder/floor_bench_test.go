// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"testing"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
)

// BenchmarkRecordFloor splits a decoded record's cost into what the decoder does and what
// any producer of the same log record pays (issue 17's "gap explained"): "decode" is the
// decoder from datagram to records; "pdata-floor" writes the same attributes, already
// formatted, into fresh records with the same pdata calls and no decoding at all; "otlp"
// is sizing and marshalling the batch as the OTLP exporter does. decode minus pdata-floor
// is the decoder's own work.
func BenchmarkRecordFloor(b *testing.B) {
	for _, bs := range ipfixBenchSets(b) {
		decoded := decodedBatch(b, bs, 1)
		b.Run(bs.name+"/decode", func(b *testing.B) { benchOurs(b, bs, false) })
		src := decoded.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords()
		b.Run(bs.name+"/pdata-floor", func(b *testing.B) { benchRewrite(b, src, nil) })
		// What records would cost without the attributes every flow record repeats (issue
		// 17's "attributes that every record repeats"; kept: see docs/BENCHMARKS.md).
		b.Run(bs.name+"/pdata-floor-without-constants", func(b *testing.B) { benchRewrite(b, src, constantAttributes) })
		b.Run(bs.name+"/otlp", func(b *testing.B) {
			var m plog.ProtoMarshaler
			records := 0
			measure(b, func() {
				if m.LogsSize(decoded) <= 0 {
					b.Fatal("empty batch")
				}
				if _, err := m.MarshalLogs(decoded); err != nil {
					b.Fatal(err)
				}
				records += decoded.LogRecordCount()
			}, &records)
		})
	}
}

// constantAttributes are the same in every flow record of a data set.
var constantAttributes = map[string]bool{
	"event.kind": true, "event.category": true, "event.type": true, "event.action": true, "netflow.type": true,
}

func benchRewrite(b *testing.B, src plog.LogRecordSlice, skip map[string]bool) {
	dst := plog.NewLogs().ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords()
	records := 0
	measure(b, func() {
		for i := range src.Len() {
			rewriteRecord(src.At(i), dst.AppendEmpty(), skip)
		}
		records += src.Len()
		if dst.Len() >= batchRecords {
			dst = plog.NewLogs().ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords()
		}
	}, &records)
}

// decodedBatch decodes bs's data packets, again and again, until it holds at least minRecords.
func decodedBatch(b *testing.B, bs benchSet, minRecords int) plog.Logs {
	d, batch := primedDecoder(bs)
	pkts := copyPackets(bs.packets)
	for batch.Len() < minRecords {
		before := batch.Len()
		for _, p := range pkts {
			st, _ := d.Decode(p, batch)
			advanceSeq(p, uint32(st.Records))
		}
		if batch.Len() == before {
			b.Fatalf("%s: no records decoded", bs.name)
		}
	}
	return batch.Take()
}

// rewriteRecord writes src's fields and attributes into dst with one pdata call each, as a
// producer that already holds every value as a Go string or number would, leaving out skip.
func rewriteRecord(src, dst plog.LogRecord, skip map[string]bool) {
	dst.SetTimestamp(src.Timestamp())
	dst.SetObservedTimestamp(src.ObservedTimestamp())
	out := dst.Attributes()
	out.EnsureCapacity(src.Attributes().Len())
	for k, v := range src.Attributes().All() {
		if skip[k] {
			continue
		}
		switch v.Type() {
		case pcommon.ValueTypeStr:
			out.PutStr(k, v.Str())
		case pcommon.ValueTypeInt:
			out.PutInt(k, v.Int())
		case pcommon.ValueTypeSlice:
			s := out.PutEmptySlice(k)
			s.EnsureCapacity(v.Slice().Len())
			for _, e := range v.Slice().All() {
				s.AppendEmpty().SetStr(e.Str())
			}
		default:
			v.CopyTo(out.PutEmpty(k))
		}
	}
}
