// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"net/netip"
	"testing"
	"time"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

// batchRecords is how many records the receiver hands downstream at once.
const batchRecords = 4096

// benchSets: pmacctd's datagrams (raw Ethernet headers and the extended
// switch record, as switches send) and built ones with every record kind.
func benchSets(b *testing.B) map[string][][]byte {
	var extended [][]byte
	for i := range 8 {
		extended = append(extended, datagram(netip.MustParseAddr("192.0.2.9"), 0, uint32(i+1), 1000, extendedSample(), extendedSample(), extendedSample()))
	}
	return map[string][][]byte{"pmacct": captureSet(b, "rate1-ipv4agent"), "extended": extended}
}

// BenchmarkDecode runs our decoder and goflow2's (decoder, producer and a
// conversion of its messages to log records) on the same datagrams, in one
// run: compare their records/cpu-s.
func BenchmarkDecode(b *testing.B) {
	for name, dgs := range benchSets(b) {
		b.Run(name+"/ours", func(b *testing.B) { benchOurs(b, dgs) })
		b.Run(name+"/goflow2", func(b *testing.B) { benchGoflow(b, dgs) })
	}
}

func benchOurs(b *testing.B, dgs [][]byte) {
	d := New(testConfig())
	batch := NewBatch()
	exporter, received := netip.MustParseAddrPort("192.0.2.1:6343"), time.Unix(1700000000, 0)
	records := 0
	testutil.MeasureRecords(b, func() {
		for _, dg := range dgs {
			st, _ := d.Decode(Datagram{Exporter: exporter, Received: received, Data: dg}, batch)
			records += st.FlowSamples
		}
		if batch.Len() >= batchRecords {
			batch.Take()
		}
	}, &records)
}

func benchGoflow(b *testing.B, dgs [][]byte) {
	g := newGoflowPeer()
	batch := testutil.NewLogBatch(batchRecords)
	records := 0
	testutil.MeasureRecords(b, func() {
		for _, dg := range dgs {
			_, msgs, _ := g.decode(dg)
			g.toLogs(msgs, batch.Records())
			records += len(msgs)
		}
		batch.RenewIfFull()
	}, &records)
}
