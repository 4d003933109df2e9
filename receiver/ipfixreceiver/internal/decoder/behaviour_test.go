// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"errors"
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// decodeFrom decodes msgs from src, 1 ms apart from at on.
func decodeFrom(t *testing.T, d *Decoder, b *LogsBuilder, src netip.AddrPort, at time.Time, msgs ...[]byte) Stats {
	t.Helper()
	var st Stats
	for i, m := range msgs {
		s, err := d.Decode(Packet{Exporter: src, Received: at.Add(time.Duration(i) * time.Millisecond), Data: m}, b)
		require.NoError(t, err)
		st.Add(s)
	}
	return st
}

func decodeAll(t *testing.T, d *Decoder, b *LogsBuilder, msgs ...[]byte) Stats {
	t.Helper()
	return decodeFrom(t, d, b, rawExporter, baseTime, msgs...)
}

func TestDataBeforeTemplateDecodesWhenTemplateArrives(t *testing.T) {
	d := New(testConfig())
	b := NewLogsBuilder()
	data := ipfixMsg(1, 0, set(300, simpleRecord("10.0.0.1", "10.0.0.2", 1000, 80, 500), simpleRecord("10.0.0.3", "10.0.0.4", 1001, 443, 700)))
	st := decodeAll(t, d, b, data)
	assert.Equal(t, 0, st.Records)
	assert.Positive(t, d.Gauges().PendingRecords)
	st = decodeAll(t, d, b, ipfixMsg(1, 2, set(2, tmplRec(300, simpleFields...))))
	assert.Equal(t, 2, st.Records, "both pending records decode into the batch of the template's Decode call")
	assert.True(t, st.TemplatesChanged)
	assert.Zero(t, d.Gauges().PendingRecords)
	recs := flatRecords(b.Take())
	require.Len(t, recs, 2)
	v, _ := recs[1].Attributes().Get("source.bytes")
	assert.Equal(t, int64(700), v.Int())
}

func TestPendingOverflowAndExpiry(t *testing.T) {
	cfg := testConfig()
	cfg.PendingMaxRecords = 2
	d := New(cfg)
	b := NewLogsBuilder()
	rec := simpleRecord("10.0.0.1", "10.0.0.2", 1, 2, 3) // 37 bytes: estimated as one record
	st := decodeAll(t, d, b, ipfixMsg(1, 0, set(300, rec)), ipfixMsg(1, 1, set(301, rec)), ipfixMsg(1, 2, set(302, rec)))
	assert.Equal(t, 1, st.Dropped[DropPendingOverflow], "the oldest set is evicted")
	assert.Equal(t, 2, d.Gauges().PendingRecords)
	est := d.Expire(baseTime.Add(2 * cfg.PendingMaxAge))
	assert.Equal(t, 2, est.Dropped[DropPendingExpired])
	assert.Zero(t, d.Gauges().PendingRecords)

	cfg.PendingMaxRecords = 0
	d = New(cfg)
	st = decodeAll(t, d, b, ipfixMsg(1, 0, set(300, rec)))
	assert.Equal(t, 1, st.Dropped[DropNoTemplate])
}

func TestTemplateWithdrawalAndRedefinition(t *testing.T) {
	d := New(testConfig())
	b := NewLogsBuilder()
	rec := simpleRecord("10.0.0.1", "10.0.0.2", 1, 2, 3)
	st := decodeAll(t, d, b, ipfixMsg(1, 0, set(2, tmplRec(300, simpleFields...)), set(300, rec)))
	assert.Equal(t, 1, st.Records)
	// RFC 7011 section 8.1: a template record with field count 0 withdraws the template.
	st = decodeAll(t, d, b, ipfixMsg(1, 1, set(2, cat(be16(300), be16(0)))))
	assert.True(t, st.TemplatesChanged)
	assert.Zero(t, d.Gauges().Templates)
	// Redefinition of the ID with other fields: records follow the new layout.
	st = decodeAll(t, d, b, ipfixMsg(1, 1, set(2, tmplRec(300, fieldSpec{ID: 8, Length: 4})), set(300, []byte{192, 0, 2, 7})))
	assert.Equal(t, 1, st.Records)
	recs := flatRecords(b.Take())
	v, _ := recs[len(recs)-1].Attributes().Get("source.ip")
	assert.Equal(t, "192.0.2.7", v.Str())
	// Withdraw all templates: template ID 2 in a template set.
	decodeAll(t, d, b, ipfixMsg(1, 2, set(2, cat(be16(2), be16(0)))))
	assert.Zero(t, d.Gauges().Templates)
}

func TestTemplateExpiry(t *testing.T) {
	cfg := testConfig()
	cfg.TemplateTimeout = time.Minute
	d := New(cfg)
	decodeAll(t, d, NewLogsBuilder(), ipfixMsg(1, 0, set(2, tmplRec(300, simpleFields...))))
	assert.False(t, d.Expire(baseTime.Add(30*time.Second)).TemplatesChanged)
	assert.Equal(t, 1, d.Gauges().Templates)
	assert.True(t, d.Expire(baseTime.Add(2*time.Minute)).TemplatesChanged)
	assert.Zero(t, d.Gauges().Templates)
	assert.Equal(t, 1, d.Gauges().Exporters, "a recently seen exporter is kept")
	d.Expire(baseTime.Add(time.Hour))
	assert.Zero(t, d.Gauges().Exporters, "an idle exporter with nothing left is forgotten")
}

func TestTemplatesScopedByExporterAndDomain(t *testing.T) {
	d := New(testConfig())
	b := NewLogsBuilder()
	decodeAll(t, d, b, ipfixMsg(1, 0, set(2, tmplRec(300, simpleFields...))))
	rec := simpleRecord("10.0.0.1", "10.0.0.2", 1, 2, 3)
	st := decodeAll(t, d, b, ipfixMsg(2, 0, set(300, rec)))
	assert.Zero(t, st.Records, "domain 2 has no template 300")
	other := Packet{Exporter: netip.MustParseAddrPort("192.0.2.99:2055"), Received: baseTime, Data: ipfixMsg(1, 0, set(300, rec))}
	st, err := d.Decode(other, b)
	require.NoError(t, err)
	assert.Zero(t, st.Records, "another exporter has no template 300")
}

func TestSequenceLossReorderAndRestart(t *testing.T) {
	d := New(testConfig())
	b := NewLogsBuilder()
	tpl := set(2, tmplRec(300, simpleFields...))
	rec := simpleRecord("10.0.0.1", "10.0.0.2", 1, 2, 3)
	data := func(seq uint32) []byte { return ipfixMsg(1, seq, set(300, rec, rec)) }
	st := decodeAll(t, d, b, ipfixMsg(1, 0, tpl), data(0), data(2), data(6), data(4))
	assert.Zero(t, st.LostRecords, "seq 4 arrived late and filled the gap")
	// A gap that the window moves past counts as lost: records 8-9 never arrive.
	st = decodeAll(t, d, b, data(10))
	st.Add(decodeAll(t, d, b, data(10+windowRecords)))
	assert.Equal(t, int64(2), st.LostRecords)
	// Restart: numbering from zero again drops the stale templates.
	st = decodeAll(t, d, b, data(0))
	assert.True(t, st.TemplatesChanged)
	assert.Zero(t, st.Records)

	// NetFlow v9 counts packets and restarts show in sysUpTime.
	d = New(testConfig())
	v9tpl := set(0, cat(be16(300), be16(uint16(len(simpleFields))), fieldBytes(simpleFields, false)))
	v9data := func(seq, up uint32) []byte { return v9Msg(1, seq, up, set(300, rec)) }
	st = decodeAll(t, d, b, v9Msg(1, 100, 500000, v9tpl), v9data(101, 500100), v9data(104, 500200))
	assert.Equal(t, int64(0), st.LostRecords, "gap of 2 packets is still inside the window")
	st = decodeAll(t, d, b, v9data(104+windowV9+1, 500300))
	assert.Equal(t, int64(2), st.LostRecords)
	st = decodeAll(t, d, b, v9data(1, 1000))
	assert.True(t, st.TemplatesChanged, "uptime and sequence fell: exporter restarted")
	assert.Zero(t, d.Gauges().Templates)
}

func TestExporterAndTemplateLimitsUnderFlood(t *testing.T) {
	cfg := testConfig()
	cfg.MaxExporters, cfg.MaxTemplatesPerExporter, cfg.MaxFieldsPerTemplate = 50, 8, 16
	d := New(cfg)
	b := NewLogsBuilder()
	var st Stats
	var before, after runtimeMem
	before.read()
	// 2000 spoofed exporters, each defining 100 templates.
	for i := 0; i < 2000; i++ {
		addr := netip.AddrPortFrom(netip.AddrFrom4([4]byte{10, byte(i >> 8), byte(i), 1}), 2055)
		var recs [][]byte
		for id := uint16(256); id < 356; id++ {
			recs = append(recs, tmplRec(id, simpleFields...))
		}
		s, _ := d.Decode(Packet{Exporter: addr, Received: baseTime, Data: ipfixMsg(1, 0, set(2, recs...))}, b)
		st.Add(s)
	}
	after.read()
	s := d.Gauges()
	assert.Equal(t, 50, s.Exporters)
	assert.Equal(t, 50*8, s.Templates)
	assert.Equal(t, 1950+50*92, st.Dropped[DropLimit], "one per rejected exporter packet, one per template over the limit")
	// 400 templates of 8 fields: a generous bound of 2 KiB each.
	assert.Less(t, after.heap-before.heap, int64(50*8*2048+1<<20))
	known := netip.MustParseAddrPort("10.0.0.1:2055")
	_, err := d.Decode(Packet{Exporter: known, Received: baseTime, Data: ipfixMsg(1, 0, set(2, tmplRec(300, make([]fieldSpec, 17)...)))}, b)
	assert.ErrorIs(t, err, ErrLimit)
}

func TestStateRoundTrip(t *testing.T) {
	d := New(testConfig())
	b := NewLogsBuilder()
	r := allReplays(t)
	for _, rep := range r {
		if rep.name == "104-IPFIXv10-IPv6-CISCO-sampling_option" {
			for _, p := range rep.packets[:2] { // options template + sampler record, templates
				_, _ = d.Decode(p, b)
			}
		}
	}
	decodeAll(t, d, b, ipfixMsg(1, 0, set(2, tmplRec(300, simpleFields...))))
	state, err := d.MarshalState()
	require.NoError(t, err)
	d2 := New(testConfig())
	require.NoError(t, d2.RestoreState(state))
	assert.Equal(t, d.Gauges().Templates, d2.Gauges().Templates)
	st := decodeAll(t, d2, b, ipfixMsg(1, 1, set(300, simpleRecord("10.0.0.1", "10.0.0.2", 1, 2, 3))))
	assert.Equal(t, 1, st.Records, "data decodes right after restore")
	again, err := d2.MarshalState()
	require.NoError(t, err)
	assert.JSONEq(t, string(state), string(again))

	for _, bad := range [][]byte{nil, []byte("{"), []byte(`{"version":99}`), []byte(`{"version":1,"exporters":[{"addr":"1.2.3.4","version":10,"templates":[{"id":3,"fields":[{"i":1,"l":4}]}]}]}`)} {
		err := d2.RestoreState(bad)
		assert.True(t, errors.Is(err, ErrBadState), "%q: %v", bad, err)
		assert.Zero(t, d2.Gauges().Exporters)
	}
}

// A batch pre-sizes each resource's record slice from the previous batch, so a steady exporter
// costs one slice allocation per batch rather than one per doubling.
func TestBatchPresizesFromPreviousBatch(t *testing.T) {
	var recs [][]byte
	for i := range 30 {
		recs = append(recs, simpleRecord("10.1.2.3", "192.0.2.50", uint16(40000+i), 443, 1))
	}
	d := New(testConfig())
	decodeAll(t, d, NewLogsBuilder(), ipfixMsg(1, 0, set(2, tmplRec(300, simpleFields...))))
	seq := uint32(0)
	fill := func(b *LogsBuilder) {
		for range 64 {
			msg := ipfixMsg(1, seq, set(300, recs...))
			seq += 30
			if _, err := d.Decode(Packet{Exporter: rawExporter, Received: baseTime, Data: msg}, b); err != nil {
				t.Fatal(err)
			}
		}
		if n := b.Take().LogRecordCount(); n != 64*30 {
			t.Fatalf("%d records", n)
		}
	}
	b := NewLogsBuilder()
	unsized := testing.AllocsPerRun(1, func() { clear(b.sizes); fill(b) })
	sized := testing.AllocsPerRun(1, func() { fill(b) })
	// 1920 records: the slice of record pointers doubles about 11 times when not pre-sized.
	assert.GreaterOrEqual(t, unsized-sized, 8.0, "allocations without a size hint %v, with %v", unsized, sized)
}
