// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package testutil

import (
	"net/netip"

	"github.com/netsampler/goflow2/v2/producer"
	protoproducer "github.com/netsampler/goflow2/v2/producer/proto"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
)

// GoflowProducer is goflow2 v2.2.6's flow-message producer with the default
// configuration a collector built on goflow2 runs: the peer the decoders'
// tests and benchmarks compare with.
type GoflowProducer struct{ prod producer.ProducerInterface }

func NewGoflowProducer() *GoflowProducer {
	cfg, err := (&protoproducer.ProducerConfig{}).Compile()
	if err != nil {
		panic(err)
	}
	prod, err := protoproducer.CreateProtoProducer(cfg, protoproducer.CreateSamplingSystem)
	if err != nil {
		panic(err)
	}
	return &GoflowProducer{prod: prod}
}

// Produce turns one packet goflow2 decoded into its flow messages.
func (g *GoflowProducer) Produce(msg any, args *producer.ProduceArgs) ([]*protoproducer.ProtoProducerMessage, error) {
	msgs, err := g.prod.Produce(msg, args)
	out := make([]*protoproducer.ProtoProducerMessage, 0, len(msgs))
	for _, m := range msgs {
		if fm, ok := m.(*protoproducer.ProtoProducerMessage); ok {
			out = append(out, fm)
		}
	}
	return out, err
}

// AppendGoflowRecord appends the log record a goflow2-based receiver writes
// for one message, with room for capacity attributes and the ECS event fields
// (kind, category, type, action) set; the caller adds the flow's own fields.
func AppendGoflowRecord(recs plog.LogRecordSlice, m *protoproducer.ProtoProducerMessage, action string, capacity int) (plog.LogRecord, pcommon.Map) {
	lr := recs.AppendEmpty()
	lr.SetObservedTimestamp(pcommon.Timestamp(m.TimeReceivedNs))
	a := lr.Attributes()
	a.EnsureCapacity(capacity)
	a.PutStr("event.kind", "event")
	a.PutEmptySlice("event.category").AppendEmpty().SetStr("network")
	a.PutEmptySlice("event.type").AppendEmpty().SetStr("connection")
	a.PutStr("event.action", action)
	return lr, a
}

// GoflowAddrs are the message's source and destination addresses (invalid
// when goflow2 found none).
func GoflowAddrs(m *protoproducer.ProtoProducerMessage) (src, dst netip.Addr) {
	src, _ = netip.AddrFromSlice(m.SrcAddr)
	dst, _ = netip.AddrFromSlice(m.DstAddr)
	return src, dst
}

// WithoutZeros drops the "0" values, for comparing lists where one side
// writes absent values as zeros and the other leaves them out.
func WithoutZeros(v []string) []string {
	var out []string
	for _, x := range v {
		if x != "0" {
			out = append(out, x)
		}
	}
	return out
}

// LogBatch is the batch a decoder benchmark appends records to; once it
// holds limit records it starts a new one, as a receiver hands a full batch
// on, so that the benchmark's memory stays that of one batch.
type LogBatch struct {
	recs  plog.LogRecordSlice
	limit int
}

func NewLogBatch(limit int) *LogBatch {
	b := &LogBatch{limit: limit}
	b.renew()
	return b
}

// Records is the batch to append to.
func (b *LogBatch) Records() plog.LogRecordSlice { return b.recs }

// RenewIfFull starts a new batch when this one holds limit records or more.
func (b *LogBatch) RenewIfFull() {
	if b.recs.Len() >= b.limit {
		b.renew()
	}
}

func (b *LogBatch) renew() {
	b.recs = plog.NewLogs().ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords()
}
