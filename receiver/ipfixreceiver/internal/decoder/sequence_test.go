// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// seqStream builds one exporter's messages with the sequence numbers each protocol defines:
// IPFIX counts data records sent before the message, v9 packets sent before it, v5 flows.
type seqStream struct {
	version uint16
	records int // data records per data message
}

// units is what the protocol's sequence number counts in one data message.
func (s seqStream) units() int64 {
	if s.version == 9 {
		return 1
	}
	return int64(s.records)
}

// template is the stream's first message (none for v5); it carries no data records, so for
// IPFIX it takes sequence number 0 and for v9 packet number 0.
func (s seqStream) template(uptimeMs uint32) []byte {
	switch s.version {
	case 9:
		return v9Msg(1, 0, uptimeMs, set(0, cat(be16(300), be16(uint16(len(simpleFields))), fieldBytes(simpleFields, false))))
	case 10:
		return ipfixMsg(1, 0, set(2, tmplRec(300, simpleFields...)))
	}
	return nil
}

// data is data message i (0-based) of a stream numbered from zero.
func (s seqStream) data(i int, uptimeMs uint32) []byte {
	recs := make([][]byte, s.records)
	for r := range recs {
		recs[r] = simpleRecord("10.0.0.1", "10.0.0.2", uint16(i), uint16(r), 100)
	}
	switch s.version {
	case 9:
		return v9Msg(1, uint32(i+1), uptimeMs, set(300, recs...))
	case 10:
		return ipfixMsg(1, uint32(i*s.records), set(300, recs...))
	}
	return v5Msg(uint32(i*s.records), uptimeMs, s.records)
}

// v5Msg is a NetFlow v5 datagram of n zeroed 48-byte flow records.
func v5Msg(seq, uptimeMs uint32, n int) []byte {
	return cat(be16(5), be16(uint16(n)), be32(uptimeMs), be32(exportSecs), be32(0), be32(seq),
		[]byte{0, 1}, be16(0), make([]byte, n*v5RecordLen))
}

var seqStreams = []seqStream{{version: 10, records: 10}, {version: 9, records: 10}, {version: 5, records: 30}}

// seqCase delivers data messages 0..sent-1 minus the dropped ones, in the given order.
type seqCase struct {
	name    string
	sent    int
	drop    func(i int) bool
	order   func(kept []int) []int // reordering; nil keeps the order
	dropped int                    // data messages dropped: the loss is dropped*units
}

var seqCases = []seqCase{
	{name: "every 3rd packet dropped", sent: 300, drop: func(i int) bool { return i%3 == 1 }, dropped: 100},
	{name: "every 7th packet dropped", sent: 300, drop: func(i int) bool { return i%7 == 6 }, dropped: 42},
	{name: "burst of 50 consecutive drops", sent: 300, drop: func(i int) bool { return i >= 120 && i < 170 }, dropped: 50},
	{name: "drops right before the stream stops", sent: 200, drop: func(i int) bool { return i >= 190 && i < 199 }, dropped: 9},
	{name: "reordered within the window", sent: 300, order: swapPairsAndDelay, dropped: 0},
	{name: "reordered and dropped", sent: 300, drop: func(i int) bool { return i%10 == 5 }, order: swapPairsAndDelay, dropped: 30},
}

// swapPairsAndDelay swaps neighbours every 4 packets and delays every 50th by 20 packets (IPFIX
// 200 records, v9 20 packets, v5 600 flows: inside every window).
func swapPairsAndDelay(kept []int) []int {
	out := append([]int(nil), kept...)
	for i := 0; i+1 < len(out); i += 4 {
		out[i], out[i+1] = out[i+1], out[i]
	}
	for i := 10; i+20 < len(out); i += 50 {
		late := out[i]
		copy(out[i:i+20], out[i+1:i+21])
		out[i+20] = late
	}
	return out
}

// deliver decodes the stream's template and the kept data messages 1 ms apart, starting at start;
// it returns the stats and the arrival time of the last message.
func (s seqStream) deliver(t *testing.T, d *Decoder, c seqCase, start time.Time, uptimeMs uint32) (Stats, time.Time) {
	t.Helper()
	var kept []int
	for i := range c.sent {
		if c.drop == nil || !c.drop(i) {
			kept = append(kept, i)
		}
	}
	if c.order != nil {
		kept = c.order(kept)
	}
	b := NewLogsBuilder()
	var st Stats
	at := start
	decode := func(msg []byte) {
		s, err := d.Decode(Packet{Exporter: rawExporter, Received: at, Data: msg}, b)
		require.NoError(t, err)
		st.Add(s)
		at = at.Add(time.Millisecond)
	}
	if tpl := s.template(uptimeMs); tpl != nil {
		decode(tpl)
	}
	for _, i := range kept {
		decode(s.data(i, uptimeMs+uint32(i)))
	}
	require.Equal(t, len(kept)*s.records, st.Records, "every delivered record decodes")
	return st, at.Add(-time.Millisecond)
}

func TestSequenceLossCountsDroppedMessages(t *testing.T) {
	for _, s := range seqStreams {
		for _, c := range seqCases {
			t.Run(fmt.Sprintf("v%d/%s", s.version, c.name), func(t *testing.T) {
				d := New(testConfig())
				st, last := s.deliver(t, d, c, baseTime, 100000)
				// Gaps still inside the window and younger than reorderTimeout may yet be filled.
				st.Add(d.Expire(last.Add(reorderTimeout / 2)))
				assert.LessOrEqual(t, st.LostRecords, int64(c.dropped)*s.units())
				// The exporter went quiet: every gap is now loss.
				st.Add(d.Expire(last.Add(2 * reorderTimeout)))
				assert.Equal(t, int64(c.dropped)*s.units(), st.LostRecords)
				assert.Zero(t, st.SequenceResets)
			})
		}
	}
}

// TestSequenceLossNeedsNoExpireWhenTrafficContinues: gaps are counted by later traffic alone,
// once reorderTimeout has passed, without waiting for the window to move past them.
func TestSequenceLossNeedsNoExpireWhenTrafficContinues(t *testing.T) {
	for _, s := range seqStreams {
		t.Run(fmt.Sprintf("v%d", s.version), func(t *testing.T) {
			d := New(testConfig())
			c := seqCase{sent: 20, drop: func(i int) bool { return i == 5 || i == 6 }}
			st, last := s.deliver(t, d, c, baseTime, 100000)
			assert.Zero(t, st.LostRecords, "inside the window and the reorder timeout")
			b := NewLogsBuilder()
			later, err := d.Decode(Packet{Exporter: rawExporter, Received: last.Add(2 * reorderTimeout), Data: s.data(20, 200000)}, b)
			require.NoError(t, err)
			assert.Equal(t, 2*s.units(), later.LostRecords)
		})
	}
}

// TestSequenceTailDropsAreCountedAtExpire: drops just before a stream stops show as a gap only
// when a later message arrives; once it has, Expire counts the gap after reorderTimeout even if
// nothing else ever arrives. Messages dropped after the last delivered one cannot be seen.
func TestSequenceTailDropsAreCountedAtExpire(t *testing.T) {
	for _, s := range seqStreams {
		t.Run(fmt.Sprintf("v%d", s.version), func(t *testing.T) {
			d := New(testConfig())
			c := seqCase{sent: 30, drop: func(i int) bool { return i >= 25 }}
			st, last := s.deliver(t, d, c, baseTime, 100000)
			st.Add(d.Expire(last.Add(time.Hour)))
			assert.Zero(t, st.LostRecords, "nothing after message 24 arrived: the drops are invisible")

			d = New(testConfig())
			c = seqCase{sent: 30, drop: func(i int) bool { return i >= 25 && i < 29 }}
			st, last = s.deliver(t, d, c, baseTime, 100000)
			assert.Zero(t, st.LostRecords)
			assert.Zero(t, d.Expire(last.Add(reorderTimeout/2)).LostRecords, "still waiting for late packets")
			assert.Equal(t, 4*s.units(), d.Expire(last.Add(2*reorderTimeout)).LostRecords)
			assert.Zero(t, d.Expire(last.Add(3*reorderTimeout)).LostRecords, "counted once")
		})
	}
}

// TestSequenceResetAfterPause: a new exporter process (same address and domain) numbering from
// zero a few seconds after the last one stopped is a reset, not loss, even when the old stream
// was shorter than the reordering window; loss in the new stream still counts.
func TestSequenceResetAfterPause(t *testing.T) {
	for _, s := range seqStreams {
		for _, sent := range []int{20, 1000} { // old stream shorter, and longer, than the window
			t.Run(fmt.Sprintf("v%d/old_stream_%d", s.version, sent), func(t *testing.T) {
				d := New(testConfig())
				st, last := s.deliver(t, d, seqCase{sent: sent}, baseTime, 900000)
				require.Zero(t, st.LostRecords)
				// The new process restarts its numbering and, for v5/v9, its uptime.
				c := seqCase{sent: 100, drop: func(i int) bool { return i == 50 }}
				st, last = s.deliver(t, d, c, last.Add(3*time.Second), 1000)
				st.Add(d.Expire(last.Add(2 * reorderTimeout)))
				assert.Equal(t, 1, st.SequenceResets)
				assert.Equal(t, s.units(), st.LostRecords, "only message 50 of the new stream")
			})
		}
	}
}

// TestSequenceLateDuplicateIsNotReset: a message behind the expected number without a pause is a
// late (or duplicated) packet, not a new numbering.
func TestSequenceLateDuplicateIsNotReset(t *testing.T) {
	var sq sequence
	ms := int64(time.Millisecond)
	sq.observe(0, 10, windowRecords, 1*ms)
	sq.observe(10, 10, windowRecords, 2*ms)
	lost, reset := sq.observe(0, 10, windowRecords, 3*ms)
	assert.False(t, reset)
	assert.Zero(t, lost)
	lost, reset = sq.observe(20, 10, windowRecords, 4*ms)
	assert.False(t, reset)
	assert.Zero(t, lost)
	// The same duplicate after a pause is taken for a restart.
	_, reset = sq.observe(0, 10, windowRecords, 4*ms+int64(2*reorderTimeout))
	assert.True(t, reset)
}

func TestSequenceObserveDoesNotAllocate(t *testing.T) {
	var sq sequence
	seq, now := uint32(0), int64(0)
	allocs := testing.AllocsPerRun(1000, func() {
		now += int64(time.Millisecond)
		if seq%100 == 50 { // a gap now and then, counted by the time limit
			seq += 10
		}
		sq.observe(seq, 10, windowRecords, now)
		seq += 10
	})
	assert.Zero(t, allocs)
}

// TestSequenceLossWithDataBeforeTemplate: IPFIX data that waits for its template is counted with
// a guessed record size (20-byte records here, guessed 32), and the template's message then
// decodes records of earlier messages; neither error may show as loss, a real gap later must.
func TestSequenceLossWithDataBeforeTemplate(t *testing.T) {
	fields := []fieldSpec{{ID: 8, Length: 4}, {ID: 12, Length: 4}, {ID: 1, Length: 8}, {ID: 2, Length: 4}}
	rec := cat(be32(0x0a000001), be32(0x0a000002), be32(0), be32(100), be32(1))
	data := func(seq uint32) []byte {
		recs := make([][]byte, 10)
		for i := range recs {
			recs[i] = rec
		}
		return ipfixMsg(1, seq, set(300, recs...))
	}
	d := New(testConfig())
	b := NewLogsBuilder()
	st := decodeAll(t, d, b, data(0), data(10), ipfixMsg(1, 20, set(2, tmplRec(300, fields...))),
		data(20), data(30) /* 40 dropped */, data(50), data(60))
	require.Equal(t, 60, st.Records)
	st.Add(d.Expire(baseTime.Add(time.Hour)))
	assert.Equal(t, int64(10), st.LostRecords, "only the 10 records of message 40")
	assert.Zero(t, st.SequenceResets)
}

// TestSequenceUndecodedRecordsAreDroppedNotLost: without buffering, data before its template is
// dropped (no_template); its records must not also count as lost.
func TestSequenceUndecodedRecordsAreDroppedNotLost(t *testing.T) {
	cfg := testConfig()
	cfg.PendingMaxRecords = 0
	d := New(cfg)
	s := seqStream{version: 10, records: 10}
	msgs := [][]byte{s.data(0, 0), s.data(1, 0), ipfixMsg(1, 20, set(2, tmplRec(300, simpleFields...)))}
	for i := 2; i < 10; i++ {
		if i != 6 { // 6 dropped
			msgs = append(msgs, s.data(i, 0))
		}
	}
	st := decodeAll(t, d, NewLogsBuilder(), msgs...)
	st.Add(d.Expire(baseTime.Add(time.Hour)))
	assert.Positive(t, st.Dropped[DropNoTemplate])
	assert.Equal(t, 70, st.Records)
	assert.Equal(t, int64(10), st.LostRecords, "only message 6")
}
