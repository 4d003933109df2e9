// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"encoding/binary"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// Every way a flow time can be sent resolves to the same event.start/event.end.
func TestTimeElements(t *testing.T) {
	export := time.Unix(exportSecs, 0).UTC()
	start := export.Add(-90 * time.Second)
	end := export.Add(-30 * time.Second)
	ntp := func(at time.Time) []byte {
		frac := uint64(at.Nanosecond()) << 32 / uint64(time.Second)
		return cat(be32(uint32(at.Unix()+ntpEpochOffset)), be32(uint32(frac)))
	}
	u64 := func(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }
	cases := []struct {
		name   string
		fields []fieldSpec
		data   []byte
	}{
		{"dateTimeSeconds", []fieldSpec{{ID: 150, Length: 4}, {ID: 151, Length: 4}}, cat(be32(uint32(start.Unix())), be32(uint32(end.Unix())))},
		{"dateTimeMilliseconds", []fieldSpec{{ID: 152, Length: 8}, {ID: 153, Length: 8}}, cat(u64(uint64(start.UnixMilli())), u64(uint64(end.UnixMilli())))},
		{"dateTimeMicroseconds NTP", []fieldSpec{{ID: 154, Length: 8}, {ID: 155, Length: 8}}, cat(ntp(start), ntp(end))},
		{"dateTimeNanoseconds NTP", []fieldSpec{{ID: 156, Length: 8}, {ID: 157, Length: 8}}, cat(ntp(start), ntp(end))},
		{"delta microseconds", []fieldSpec{{ID: 158, Length: 4}, {ID: 159, Length: 4}}, cat(be32(90e6), be32(30e6))},
		{"start + duration ms", []fieldSpec{{ID: 152, Length: 8}, {ID: 161, Length: 4}}, cat(u64(uint64(start.UnixMilli())), be32(60000))},
		{"end - duration us", []fieldSpec{{ID: 153, Length: 8}, {ID: 162, Length: 4}}, cat(u64(uint64(end.UnixMilli())), be32(60e6))},
		{"reduced-size seconds", []fieldSpec{{ID: 150, Length: 8}, {ID: 151, Length: 8}}, cat(u64(uint64(start.Unix())), u64(uint64(end.Unix())))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := New(testConfig())
			b := NewLogsBuilder()
			decodeAll(t, d, b, ipfixMsg(1, 0, set(2, tmplRec(300, c.fields...)), set(300, c.data)))
			lr := flatRecords(b.Take())[0]
			a := lr.Attributes()
			assert.Equal(t, start.Format(time.RFC3339Nano), attr(t, a, "event.start"))
			assert.Equal(t, end.Format(time.RFC3339Nano), attr(t, a, "event.end"))
			assert.Equal(t, int64(time.Minute), attr(t, a, "event.duration"))
			assert.Equal(t, end.UnixNano(), int64(lr.Timestamp()), "record time is the flow end")
			assert.Equal(t, baseTime.UnixNano(), int64(lr.ObservedTimestamp()), "observed time is the arrival")
		})
	}

	// NetFlow v9 FIRST/LAST_SWITCHED are header-uptime relative (RFC 3954 section 8).
	d := New(testConfig())
	b := NewLogsBuilder()
	v9tpl := set(0, cat(be16(300), be16(2), fieldBytes([]fieldSpec{{ID: 22, Length: 4}, {ID: 21, Length: 4}}, false)))
	decodeAll(t, d, b, v9Msg(1, 0, 1_000_000, v9tpl, set(300, cat(be32(1_000_000-90_000), be32(1_000_000-30_000)))))
	a := flatRecords(b.Take())[0].Attributes()
	assert.Equal(t, start.Format(time.RFC3339Nano), attr(t, a, "event.start"))
	assert.Equal(t, end.Format(time.RFC3339Nano), attr(t, a, "event.end"))
	assert.Equal(t, int64(1_000_000), attr(t, a, "netflow.exporter.uptime_millis"))
}

// IPFIX flowStart/EndSysUpTime are 32-bit milliseconds since systemInitTimeMilliseconds, so they
// wrap: the flow time is found modulo 2^32 ms around the export time, as for v9's header uptime.
func TestSysUpTimeWrap(t *testing.T) {
	export := time.Unix(exportSecs, 0).UTC()
	const wrap = time.Duration(1<<32) * time.Millisecond // 49.7 days
	cases := []struct {
		name             string
		initAgo          time.Duration // system init before export
		startAgo, endAgo time.Duration // flow start and end before export
	}{
		{"normal", time.Hour, 90 * time.Second, 30 * time.Second},
		{"flow before system init (softflowd replay)", 10 * time.Second, 90 * time.Second, 30 * time.Second},
		{"capture 20 days older than the exporter", 5 * time.Second, 20*24*time.Hour + time.Minute, 20 * 24 * time.Hour},
		{"uptime wrapped once", wrap + time.Hour, 90 * time.Second, 30 * time.Second},
		{"uptime wrapped between start and end", wrap + 60*time.Second, 90 * time.Second, 30 * time.Second},
		{"uptime wrapped three times", 3*wrap + 10*time.Second, 90 * time.Second, 30 * time.Second},
	}
	optTpl := optTmplRec(400, 1, fieldSpec{ID: 144, Length: 4}, fieldSpec{ID: 160, Length: 8})
	dataTpl := tmplRec(401, fieldSpec{ID: 22, Length: 4}, fieldSpec{ID: 21, Length: 4})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			init := export.Add(-c.initAgo)
			start, end := export.Add(-c.startAgo), export.Add(-c.endAgo)
			// What the exporter sends: its uptime counter, truncated to 32 bits.
			uptime := func(at time.Time) []byte { return be32(uint32(at.Sub(init).Milliseconds())) }
			optRec := cat(be32(1), binary.BigEndian.AppendUint64(nil, uint64(init.UnixMilli())))
			d := New(testConfig())
			b := NewLogsBuilder()
			decodeAll(t, d, b, ipfixMsg(1, 0, set(3, optTpl), set(2, dataTpl), set(400, optRec),
				set(401, cat(uptime(start), uptime(end)))))
			lr := flatRecords(b.Take())[1]
			a := lr.Attributes()
			assert.Equal(t, start.Format(time.RFC3339Nano), attr(t, a, "event.start"))
			assert.Equal(t, end.Format(time.RFC3339Nano), attr(t, a, "event.end"))
			assert.Equal(t, int64(end.Sub(start)), attr(t, a, "event.duration"))
			assert.Equal(t, end.UnixNano(), int64(lr.Timestamp()))
		})
	}
}
