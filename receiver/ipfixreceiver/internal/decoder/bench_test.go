// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"encoding/binary"
	"runtime/debug"
	"testing"
	"time"

	"go.opentelemetry.io/collector/featuregate"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/xpdata/pref"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

// benchSet is a list of datagrams replayed in a loop; prime holds the template packets.
type benchSet struct {
	name    string
	prime   []Packet
	packets []Packet
}

// benchSets picks data packets from the captures (templates sent once beforehand) and a
// flowgen-like IPFIX stream: one 30-record data set per datagram of the simple template.
func benchSets(b *testing.B) []benchSet {
	byName := map[string]replay{}
	for _, r := range allReplays(b) {
		byName[r.name] = r
	}
	pick := func(name, replayName string, nPrime int) benchSet {
		r := byName[replayName]
		return benchSet{name: name, prime: r.packets[:nPrime], packets: r.packets[nPrime:]}
	}
	var recs [][]byte
	for i := 0; i < 30; i++ {
		recs = append(recs, simpleRecord("10.1.2.3", "192.0.2.50", uint16(40000+i), 443, uint64(1000+i)))
	}
	sampled := splitMessages(byName["juniper_inline_315"].packets) // template message, then data
	return []benchSet{
		{name: "v5/capture", packets: append(byName["netflow5_test_microtik"].packets, byName["netflow5_test_juniper_mx80"].packets...)},
		pick("v9/capture", "netflow9_test_cisco_asr9k_data260", 1),
		pick("ipfix/capture", "ipfix_test_mikrotik_data259", 1),
		{name: "ipfix/flowgen", prime: []Packet{{Exporter: rawExporter, Data: ipfixMsg(1, 0, set(2, tmplRec(300, simpleFields...)))}},
			packets: []Packet{{Exporter: rawExporter, Data: ipfixMsg(1, 0, set(300, recs...))}}},
		// Juniper inline monitoring: repeated common properties and a sampled frame per record.
		{name: "ipfix/sampled-frames", prime: sampled[:1], packets: sampled[1:]},
	}
}

// advanceSeq keeps IPFIX sequence numbers consistent across loop iterations, so the loop
// looks like a live exporter rather than a restart.
func advanceSeq(p Packet, n uint32) {
	if len(p.Data) >= 16 && binary.BigEndian.Uint16(p.Data) == 10 {
		binary.BigEndian.PutUint32(p.Data[8:], binary.BigEndian.Uint32(p.Data[8:])+n)
	}
}

// batchRecords is how many records the receiver hands downstream at once.
const batchRecords = 8192

func BenchmarkDecode(b *testing.B) {
	for _, bs := range benchSets(b) {
		b.Run(bs.name+"/ours", func(b *testing.B) { benchOurs(b, bs, false) })
		b.Run(bs.name+"/ours-pooled", func(b *testing.B) { benchOurs(b, bs, true) })
		// What the gc_defaults extension changes when GOGC is unset (run
		// without GOGC in the environment so that ours is at 100).
		b.Run(bs.name+"/ours-gogc400", func(b *testing.B) {
			defer debug.SetGCPercent(debug.SetGCPercent(400))
			benchOurs(b, bs, false)
		})
		b.Run(bs.name+"/goflow2", func(b *testing.B) { benchGoflow(b, bs, false) })
		b.Run(bs.name+"/goflow2-same-shape", func(b *testing.B) { benchGoflow(b, bs, true) })
	}
}

// benchOurs runs our decoder. pooled turns on pdata's pdata.useProtoPooling feature gate and
// hands every batch back once consumed, as the collector's pipeline does with the gate on
// (service/internal/refconsumer): pdata's value wrappers then come from sync.Pools.
func benchOurs(b *testing.B, bs benchSet, pooled bool) {
	if pooled {
		setPooling(b, true)
		defer setPooling(b, false)
	}
	d, batch := primedDecoder(bs)
	pkts := copyPackets(bs.packets)
	records := 0
	measure(b, func() {
		for _, p := range pkts {
			st, _ := d.Decode(p, batch)
			records += st.Records
			advanceSeq(p, uint32(st.Records))
		}
		if batch.Len() >= batchRecords {
			release(batch.Take(), pooled)
		}
	}, &records)
}

// primedDecoder returns a decoder that has seen bs's template packets, and an empty batch.
func primedDecoder(bs benchSet) (*Decoder, *LogsBuilder) {
	d := New(Config{MaxExporters: 1000, MaxTemplatesPerExporter: 1024, MaxFieldsPerTemplate: 512, PendingMaxRecords: 10000})
	batch := NewLogsBuilder()
	for _, p := range bs.prime {
		_, _ = d.Decode(p, batch)
	}
	batch.Take()
	return d, batch
}

// ipfixBenchSets are the IPFIX capture and the flowgen stream, for benchmarks of what follows decoding.
func ipfixBenchSets(b *testing.B) []benchSet {
	var sets []benchSet
	for _, bs := range benchSets(b) {
		if bs.name == "ipfix/capture" || bs.name == "ipfix/flowgen" {
			sets = append(sets, bs)
		}
	}
	return sets
}

func setPooling(b *testing.B, on bool) {
	if err := featuregate.GlobalRegistry().Set("pdata.useProtoPooling", on); err != nil {
		b.Fatal(err)
	}
}

// release does what the collector does with logs a pipeline has consumed.
func release(l plog.Logs, pooled bool) {
	if pooled && pref.MarkPipelineOwnedLogs(l) {
		pref.UnrefLogs(l)
	}
}

// benchGoflow runs the goflow2 peer; sameShape converts with our ECS writer instead of the
// peer's own 24-attribute conversion.
func benchGoflow(b *testing.B, bs benchSet, sameShape bool) {
	g := newGoflowPeer()
	d := New(Config{})
	for _, p := range bs.prime {
		_, _ = g.decode(p)
	}
	pkts := copyPackets(bs.packets)
	batch := testutil.NewLogBatch(batchRecords)
	records := 0
	measure(b, func() {
		for _, p := range pkts {
			msgs, _ := g.decode(p)
			if sameShape {
				g.toLogsSameShape(d, msgs, batch.Records())
			} else {
				g.toLogs(msgs, batch.Records())
			}
			records += len(msgs)
		}
		batch.RenewIfFull()
	}, &records)
}

func copyPackets(ps []Packet) []Packet {
	out := make([]Packet, len(ps))
	for i, p := range ps {
		out[i] = Packet{Exporter: p.Exporter, Received: time.Unix(1767225600, 0), Data: append([]byte(nil), p.Data...)}
	}
	return out
}

// measure runs fn b.N times and reports per-record rates (testutil.MeasureRecords).
func measure(b *testing.B, fn func(), records *int) { testutil.MeasureRecords(b, fn, records) }

// BenchmarkArrayAttribute compares the ways pdata v1.62 offers to write a one-element array
// attribute such as event.category (docs/benchmarks/decoder.md): each costs the same four
// allocations (the value wrapper, the array, its backing slice, the string wrapper); a plain
// string attribute is shown for scale.
func BenchmarkArrayAttribute(b *testing.B) {
	proto := pcommon.NewSlice()
	proto.AppendEmpty().SetStr("network")
	ways := []struct {
		name  string
		write func(m pcommon.Map)
	}{
		{"PutEmptySlice+AppendEmpty", func(m pcommon.Map) { m.PutEmptySlice("event.category").AppendEmpty().SetStr("network") }},
		{"EnsureCapacity", func(m pcommon.Map) {
			s := m.PutEmptySlice("event.category")
			s.EnsureCapacity(1)
			s.AppendEmpty().SetStr("network")
		}},
		{"CopyTo", func(m pcommon.Map) { proto.CopyTo(m.PutEmptySlice("event.category")) }},
		{"FromRaw", func(m pcommon.Map) { _ = m.PutEmptySlice("event.category").FromRaw([]any{"network"}) }},
		{"PutEmpty+SetEmptySlice", func(m pcommon.Map) { m.PutEmpty("event.category").SetEmptySlice().AppendEmpty().SetStr("network") }},
		{"string (not an array)", func(m pcommon.Map) { m.PutStr("event.category", "network") }},
	}
	for _, w := range ways {
		b.Run(w.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				m := pcommon.NewMap()
				m.EnsureCapacity(4)
				w.write(m)
			}
		})
	}
}
