// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package flowenc

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/netsampler/goflow2/v2/decoders/netflow"
	"github.com/stretchr/testify/require"
)

// decodeAll runs goflow2's decoder over packets with one template store, as a
// collector would, and returns the data records in order.
func decodeAll(t *testing.T, packets [][]byte) (records []netflow.DataRecord, headers []uint32) {
	t.Helper()
	store := netflow.CreateTemplateSystem()
	for i, pkt := range packets {
		var v9 netflow.NFv9Packet
		var ipfix netflow.IPFIXPacket
		require.NoError(t, netflow.DecodeMessageVersion(bytes.NewBuffer(pkt), store, &v9, &ipfix), "packet %d", i)
		sets, seq := v9.FlowSets, v9.SequenceNumber
		if ipfix.Version == 10 {
			sets, seq = ipfix.FlowSets, ipfix.SequenceNumber
		}
		headers = append(headers, seq)
		for _, s := range sets {
			switch s := s.(type) {
			case netflow.DataFlowSet:
				records = append(records, s.Records...)
			case netflow.RawFlowSet:
				t.Fatalf("packet %d: set %d decoded raw: template unknown to goflow2", i, s.Id)
			}
		}
	}
	return records, headers
}

func field(t *testing.T, r netflow.DataRecord, id uint16, pen uint32) []byte {
	t.Helper()
	for _, v := range r.Values {
		if v.Type&0x7fff == id && v.Pen == pen {
			return v.Value.([]byte)
		}
	}
	t.Fatalf("field %d (pen %d) missing from record", id, pen)
	return nil
}

func beUint(b []byte) uint64 {
	var v uint64
	for _, x := range b {
		v = v<<8 | uint64(x)
	}
	return v
}

func addrOf(b []byte) netip.Addr {
	a, _ := netip.AddrFromSlice(b)
	return a
}

// checkRecord compares what goflow2 decoded with the flow that was encoded,
// field by field, in the units each information element defines.
func checkRecord(t *testing.T, tpl *Template, r netflow.DataRecord, fl *Flow, boot time.Time) {
	t.Helper()
	require.Len(t, r.Values, len(tpl.Fields))
	if checkSections(t, tpl, r, fl) {
		return
	}
	srcID, dstID := uint16(8), uint16(12)
	if tpl.IPv6() {
		srcID, dstID = 27, 28
	}
	require.Equal(t, fl.Src, addrOf(field(t, r, srcID, 0)))
	require.Equal(t, fl.Dst, addrOf(field(t, r, dstID, 0)))
	require.Equal(t, uint64(fl.SrcPort), beUint(field(t, r, 7, 0)))
	require.Equal(t, uint64(fl.DstPort), beUint(field(t, r, 11, 0)))
	require.Equal(t, uint64(fl.Protocol), beUint(field(t, r, 4, 0)))
	require.Equal(t, fl.Packets, beUint(field(t, r, 2, 0)))
	require.Equal(t, fl.Bytes, beUint(field(t, r, 1, 0)))
	for _, tf := range tpl.Fields {
		switch {
		case tf.ID == 152 && tf.PEN == 0:
			require.Equal(t, uint64(fl.Start.UnixMilli()), beUint(field(t, r, 152, 0)))
		case tf.ID == 21 && tf.PEN == 0:
			require.Equal(t, uint64(fl.End.Sub(boot).Milliseconds()), beUint(field(t, r, 21, 0)))
		case tf.ID == 1 && tf.PEN == ReversePEN:
			require.Equal(t, fl.RevBytes, beUint(field(t, r, 1, ReversePEN)))
		case tf.ID == 56:
			require.Equal(t, fl.SrcMAC[:], field(t, r, 56, 0))
		}
	}
}

// checkSections compares the sampled sections and constant vendor fields of a frame-section
// template (which carries no address elements); false for other templates.
func checkSections(t *testing.T, tpl *Template, r netflow.DataRecord, fl *Flow) bool {
	t.Helper()
	sections := false
	for i, tf := range tpl.Fields {
		got, ok := r.Values[i].Value.([]byte)
		require.True(t, ok, "field %d", tf.ID)
		switch tf.value {
		case vFrame:
			sections = true
			require.Equal(t, fl.Frame, got[:len(fl.Frame)], "frame section %d", tf.ID)
			require.True(t, tf.Length == VarLen && len(got) == len(fl.Frame) || allZero(got[len(fl.Frame):]))
		case vIPSection:
			sections = true
			require.Equal(t, ipSection(fl.Frame), got)
		case vRaw:
			require.Equal(t, tf.Raw, got)
		}
	}
	return sections
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

func TestGoflow2DecodesEveryTemplate(t *testing.T) {
	now := time.Unix(1_780_000_000, 0)
	boot := now.Add(-time.Hour)
	for _, version := range []Version{NetFlowV9, IPFIX} {
		for name, tpl := range Templates(version == IPFIX) {
			t.Run(fmt.Sprintf("%s/v%d", name, version), func(t *testing.T) {
				e, err := NewExporter(ExporterConfig{Version: version, Domain: 7, Templates: []*Template{tpl}, MaxPacket: 1400, TemplateRefresh: 2, Boot: boot})
				require.NoError(t, err)
				src := NewFlowSource(1, 0, 100)
				flows := make([]Flow, e.Capacity(tpl))
				var packets [][]byte
				var sent []Flow
				for range 5 {
					if e.NeedsTemplates() {
						packets = append(packets, e.AppendTemplates(nil, now))
					}
					src.Fill(flows, now, tpl.IPv6())
					pkt, n := e.AppendData(nil, now, tpl, flows)
					require.Equal(t, len(flows), n)
					require.LessOrEqual(t, len(pkt), 1400)
					packets = append(packets, pkt)
					sent = append(sent, flows...)
				}
				records, _ := decodeAll(t, packets)
				require.Len(t, records, len(sent))
				for i := range records {
					checkRecord(t, tpl, records[i], &sent[i], boot)
				}
			})
		}
	}
}

func TestGoflow2SeesSequenceNumbers(t *testing.T) {
	now := time.Unix(1_780_000_000, 0)
	mixAll := []*Template{softflowdV4(true), biflowV6()}
	e, err := NewExporter(ExporterConfig{Version: IPFIX, Domain: 3, Templates: mixAll, MaxPacket: 600, TemplateRefresh: 3, Boot: now})
	require.NoError(t, err)
	src := NewFlowSource(2, 0, 10)
	var packets [][]byte
	var want []uint32
	records := uint32(0)
	for i := range 7 {
		if e.NeedsTemplates() {
			want = append(want, records)
			packets = append(packets, e.AppendTemplates(nil, now))
		}
		tpl := mixAll[i%2]
		flows := make([]Flow, e.Capacity(tpl))
		src.Fill(flows, now, tpl.IPv6())
		pkt, n := e.AppendData(nil, now, tpl, flows)
		want = append(want, records)
		records += uint32(n)
		packets = append(packets, pkt)
	}
	got, headers := decodeAll(t, packets)
	require.Len(t, got, int(records))
	// RFC 7011 section 3.1: the sequence number counts data records sent
	// before this message; template-only messages do not advance it.
	require.Equal(t, want, headers)
	require.Equal(t, uint32(3), binary.BigEndian.Uint32(packets[0][12:16]), "observation domain")
}
