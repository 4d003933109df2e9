// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMalformed(t *testing.T) {
	rec := simpleRecord("10.0.0.1", "10.0.0.2", 1, 2, 3)
	good := set(300, rec) // decodes with the primed template
	varTpl := set(2, tmplRec(301, fieldSpec{ID: 82, Length: varLen}))
	v9tpl := func(id uint16, fields ...fieldSpec) []byte {
		return cat(be16(id), be16(uint16(len(fields))), fieldBytes(fields, false))
	}
	cases := []struct {
		name    string
		data    []byte
		maxFlds int
		want    error
		records int // records that still decode from the same packet
	}{
		{"empty", nil, 0, ErrTruncated, 0},
		{"one byte", []byte{0}, 0, ErrTruncated, 0},
		{"unknown version", cat(be16(7), make([]byte, 30)), 0, ErrUnknownVersion, 0},
		{"v5 truncated header", cat(be16(5), be16(1), make([]byte, 10)), 0, ErrTruncated, 0},
		{"v5 count past datagram", cat(be16(5), be16(2), make([]byte, 20), make([]byte, 48)), 0, ErrTruncated, 1},
		{"v9 truncated header", cat(be16(9), be16(1), make([]byte, 8)), 0, ErrTruncated, 0},
		{"ipfix truncated header", cat(be16(10), be16(16), make([]byte, 6)), 0, ErrTruncated, 0},
		{"ipfix length past datagram", ipfixMsg(1, 0, good)[:40], 0, ErrTruncated, 0},
		{"set length 0", ipfixMsg(1, 0, good, cat(be16(300), be16(0), []byte{1, 2, 3, 4})), 0, ErrBadSet, 1},
		{"set length past packet", ipfixMsg(1, 0, good, cat(be16(300), be16(200), rec)), 0, ErrBadSet, 1},
		{"v9 template with 0 fields", v9Msg(1, 0, 1000, set(0, cat(be16(400), be16(0), be32(0)))), 0, ErrBadTemplate, 0},
		{"template with 65535 fields", ipfixMsg(1, 0, good, set(2, cat(be16(400), be16(65535), make([]byte, 64)))), 0, ErrTruncated, 1},
		{"template with 65535 fields over limit", ipfixMsg(1, 0, good, set(2, cat(be16(400), be16(65535), make([]byte, 64)))), 512, ErrLimit, 1},
		{"template ID below 256", ipfixMsg(1, 0, good, set(2, tmplRec(255, fieldSpec{ID: 8, Length: 4}))), 0, ErrBadTemplate, 1},
		{"varlen length past set", ipfixMsg(1, 0, good, varTpl, set(301, []byte{3, 'e', 't', 'h', 0}, []byte{200, 'x'})), 0, ErrTruncated, 3}, // "eth", "" and the good record
		{"options scope count > field count", ipfixMsg(1, 0, good, set(3, optTmplRec(400, 3, fieldSpec{ID: 10, Length: 4}))), 0, ErrBadTemplate, 1},
		{"options scope count 0", ipfixMsg(1, 0, good, set(3, optTmplRec(400, 0, fieldSpec{ID: 10, Length: 4}))), 0, ErrBadTemplate, 1},
		{"v9 options lengths not multiple of 4", v9Msg(1, 0, 1000, set(1, cat(be16(400), be16(3), be16(4), make([]byte, 8)))), 0, ErrBadTemplate, 0},
		{"v9 options past set", v9Msg(1, 0, 1000, set(1, cat(be16(400), be16(4), be16(400), make([]byte, 8)))), 0, ErrTruncated, 0},
		{"v9 template fields past set", v9Msg(1, 0, 1000, set(0, v9tpl(400, fieldSpec{ID: 8, Length: 4})[:6])), 0, ErrTruncated, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.MaxFieldsPerTemplate = c.maxFlds
			d := New(cfg)
			b := NewLogsBuilder()
			decodeAll(t, d, b, ipfixMsg(1, 0, set(2, tmplRec(300, simpleFields...))))
			templates := d.Gauges().Templates
			st, err := d.Decode(Packet{Exporter: rawExporter, Received: baseTime, Data: c.data}, b)
			require.ErrorIs(t, err, c.want)
			var de *DecodeError
			assert.ErrorAs(t, err, &de)
			assert.Equal(t, c.records, st.Records)
			assert.Equal(t, c.records, b.Len(), "records decoded before the problem stay in the batch")
			assert.Positive(t, st.Dropped[DropMalformed]+st.Dropped[DropLimit], "the problem is counted")
			require.NotNil(t, de)
			assert.Equal(t, errors.Is(c.want, ErrLimit), de.Reason == DropLimit, "the reason follows the sentinel")
			assert.Equal(t, de.Dropped, st.Dropped[DropMalformed]+st.Dropped[DropLimit], "the error says what was counted")
			assert.Equal(t, de.Dropped, st.Dropped[de.Reason], "under its reason")
			assert.GreaterOrEqual(t, d.Gauges().Templates, templates, "nothing learned before is lost")
		})
	}
}
