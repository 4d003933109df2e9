// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package flowenc

import (
	"encoding/binary"
	"errors"
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestV9HeaderCountsPacketsAndRecords(t *testing.T) {
	boot := time.Unix(1_780_000_000, 0)
	now := boot.Add(90 * time.Second)
	tpl := iptNetflowV4(false)
	e, err := NewExporter(ExporterConfig{Version: NetFlowV9, Domain: 42, Templates: []*Template{tpl, softflowdV4(false)}, MaxPacket: 1400, TemplateRefresh: 2, Boot: boot})
	require.NoError(t, err)
	src := NewFlowSource(1, 0, 10)
	flows := make([]Flow, 3)
	src.Fill(flows, now, false)

	var kinds []string
	for range 5 {
		if e.NeedsTemplates() {
			pkt := e.AppendTemplates(nil, now)
			require.Equal(t, uint16(2), binary.BigEndian.Uint16(pkt[2:]), "count = template records")
			kinds = append(kinds, "T")
		}
		seq := e.Sequence()
		pkt, n := e.AppendData(nil, now, tpl, flows)
		require.Equal(t, 3, n)
		require.Equal(t, uint16(9), binary.BigEndian.Uint16(pkt[0:]))
		require.Equal(t, uint16(3), binary.BigEndian.Uint16(pkt[2:]), "count = data records")
		require.Equal(t, uint32(90_000), binary.BigEndian.Uint32(pkt[4:]), "sysUptime")
		require.Equal(t, uint32(now.Unix()), binary.BigEndian.Uint32(pkt[8:]))
		require.Equal(t, seq, binary.BigEndian.Uint32(pkt[12:]))
		require.Equal(t, uint32(42), binary.BigEndian.Uint32(pkt[16:]))
		require.Zero(t, binary.BigEndian.Uint16(pkt[22:])%4, "flowset padded to 32 bits")
		require.Len(t, pkt, 20+int(binary.BigEndian.Uint16(pkt[22:])))
		kinds = append(kinds, "D")
	}
	// RFC 3954: one sequence number per export packet, template packets included.
	require.Equal(t, uint32(len(kinds)), e.Sequence())
	require.Equal(t, []string{"T", "D", "D", "T", "D", "D", "T", "D"}, kinds)
}

func TestIPFIXLengthAndSequence(t *testing.T) {
	now := time.Unix(1_780_000_000, 0)
	tpl := biflowV6()
	e, err := NewExporter(ExporterConfig{Version: IPFIX, Domain: 9, Templates: []*Template{tpl}, MaxPacket: 1400, Boot: now})
	require.NoError(t, err)
	tp := e.AppendTemplates(nil, now)
	require.Equal(t, uint16(10), binary.BigEndian.Uint16(tp[0:]))
	require.Equal(t, uint16(len(tp)), binary.BigEndian.Uint16(tp[2:]))
	require.Equal(t, uint16(2), binary.BigEndian.Uint16(tp[16:]), "template set ID")
	require.Zero(t, e.Sequence(), "templates do not advance the IPFIX sequence")
	require.False(t, e.NeedsTemplates(), "refresh 0 sends templates once")

	flows := make([]Flow, 100)
	NewFlowSource(3, 0, 10).Fill(flows, now, true)
	pkt, n := e.AppendData(nil, now, tpl, flows)
	require.Equal(t, e.Capacity(tpl), n)
	require.Less(t, n, 100)
	require.Equal(t, uint16(len(pkt)), binary.BigEndian.Uint16(pkt[2:]))
	require.Len(t, pkt, 16+4+n*tpl.RecordLen(), "IPFIX sets are not padded")
	require.Equal(t, uint32(n), e.Sequence())
}

func TestNewExporterRejects(t *testing.T) {
	_, err := NewExporter(ExporterConfig{Version: IPFIX, Templates: []*Template{biflowV6()}, MaxPacket: 60})
	require.True(t, errors.Is(err, ErrPacketTooSmall), "got %v", err)
	_, err = NewExporter(ExporterConfig{Version: NetFlowV9, Templates: []*Template{biflowV6()}, MaxPacket: 1400})
	require.ErrorContains(t, err, "needs IPFIX")
	_, err = NewExporter(ExporterConfig{Version: 5, Templates: []*Template{biflowV6()}, MaxPacket: 1400})
	require.ErrorContains(t, err, "unsupported version")
	_, err = NewExporter(ExporterConfig{Version: IPFIX, MaxPacket: 1400})
	require.ErrorContains(t, err, "no templates")
}

func TestReducedSizeEncodingKeepsLowBytes(t *testing.T) {
	b := make([]byte, 2)
	putUint(b, 0x12345678)
	require.Equal(t, []byte{0x56, 0x78}, b)
}

// The template records must match the captures they were taken from.
func TestTemplatesMatchCaptures(t *testing.T) {
	e, err := NewExporter(ExporterConfig{Version: NetFlowV9, Templates: []*Template{softflowdV4(false)}, MaxPacket: 1400})
	require.NoError(t, err)
	pkt := e.AppendTemplates(nil, time.Unix(0, 0))
	// Bytes 0x18-0x57 of netflow9_test_softflowd_tpl_data.dat: template 1024.
	want := []byte{0x04, 0x00, 0x00, 0x0e, 0x00, 0x08, 0x00, 0x04, 0x00, 0x0c, 0x00, 0x04, 0x00, 0x15, 0x00, 0x04,
		0x00, 0x16, 0x00, 0x04, 0x00, 0x01, 0x00, 0x04, 0x00, 0x02, 0x00, 0x04, 0x00, 0x0a, 0x00, 0x04,
		0x00, 0x0e, 0x00, 0x04, 0x00, 0x07, 0x00, 0x02, 0x00, 0x0b, 0x00, 0x02, 0x00, 0x04, 0x00, 0x01,
		0x00, 0x06, 0x00, 0x01, 0x00, 0x3c, 0x00, 0x01, 0x00, 0x05, 0x00, 0x01}
	require.Equal(t, want, pkt[24:])
	require.Equal(t, 61, iptNetflowV4(false).RecordLen(), "record length of ipt_NETFLOW template 260: its 312-byte set holds 5 records + 3 pad")
}

func TestFlowSourceIsReproducible(t *testing.T) {
	now := time.Unix(1_780_000_000, 0)
	a, b := make([]Flow, 50), make([]Flow, 50)
	NewFlowSource(7, 1, 100).Fill(a, now, false)
	NewFlowSource(7, 1, 100).Fill(b, now, false)
	require.Equal(t, a, b)
	NewFlowSource(8, 1, 100).Fill(b, now, false)
	require.NotEqual(t, a, b)
	for _, fl := range a {
		require.True(t, fl.Src.Is4() && fl.Dst.Is4())
		require.False(t, fl.End.After(now))
		require.False(t, fl.Start.After(fl.End))
		require.NotZero(t, fl.Packets)
	}
}

func TestParseMix(t *testing.T) {
	m, err := ParseMix(DefaultMix(true), true)
	require.NoError(t, err)
	require.Len(t, m.Templates, 3)
	_, err = ParseMix(DefaultMix(false), false)
	require.NoError(t, err)
	_, err = ParseMix("biflow6=1", false)
	require.ErrorContains(t, err, "unknown template")
	_, err = ParseMix("softflowd4=0", true)
	require.Error(t, err)
	src := NewFlowSource(1, 0, 1)
	seen := map[string]int{}
	for range 1000 {
		seen[src.Pick(m).Name]++
	}
	require.InDelta(t, 600, seen["iptnetflow4"], 80)
	require.InDelta(t, 200, seen["biflow6"], 60)
}

// TestChurnGivesEveryFlowNewAddresses: with no host pool, no address is
// seen twice, across families' flows and across exporters' streams.
func TestChurnGivesEveryFlowNewAddresses(t *testing.T) {
	now := time.Unix(1_780_000_000, 0)
	seen := map[netip.Addr]bool{}
	for stream := range uint64(3) {
		src := NewFlowSource(1, stream, 0)
		for _, ipv6 := range []bool{false, true} {
			flows := make([]Flow, 2000)
			src.Fill(flows, now, ipv6)
			for _, fl := range flows {
				for _, a := range []netip.Addr{fl.Src, fl.Dst} {
					require.False(t, seen[a], "%s seen twice", a)
					require.Equal(t, ipv6, a.Is6())
					seen[a] = true
				}
			}
		}
	}
	require.Len(t, seen, 3*2*2000*2)
}
