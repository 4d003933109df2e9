// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ecsdocumentprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/ecsdocumentprocessor"

import (
	"encoding/base64"
	"encoding/binary"
	"math"

	"github.com/zeebo/xxh3"
	"go.opentelemetry.io/collector/pdata/pcommon"
)

// documentID is a 128-bit XXH3 hash of the document, base64url (22 bytes),
// over every field but those skip matches (document_id_exclude).
// 128 bits because a daily index can hold billions of flows: with 64 bits
// the chance that two different flows share an id, and the second is
// dropped as a duplicate, would no longer be negligible.
func (st *batchState) documentID(doc pcommon.Map, skip *excluder) string {
	st.hashBuf = appendTopMap(st.hashBuf[:0], doc, skip)
	sum := xxh3.Hash128(st.hashBuf).Bytes()
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// appendTopMap is appendMap without the fields skip matches; with none
// skipped the bytes, so the ids, are appendMap's.
func appendTopMap(b []byte, m pcommon.Map, skip *excluder) []byte {
	if !skip.any() {
		return appendMap(b, m)
	}
	b = append(b, 'm')
	at := len(b)
	b = binary.BigEndian.AppendUint32(b, 0)
	n := uint32(0)
	for k, v := range m.All() {
		if skip.match(k, v) {
			continue
		}
		b = appendString(b, k)
		b = appendValue(b, v)
		n++
	}
	binary.BigEndian.PutUint32(b[at:], n)
	return b
}

// appendMap serialises a map unambiguously: type tags and length prefixes,
// so that no two different documents produce the same bytes.
func appendMap(b []byte, m pcommon.Map) []byte {
	b = append(b, 'm')
	b = binary.BigEndian.AppendUint32(b, uint32(m.Len()))
	for k, v := range m.All() {
		b = appendString(b, k)
		b = appendValue(b, v)
	}
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}

func appendValue(b []byte, v pcommon.Value) []byte {
	switch v.Type() {
	case pcommon.ValueTypeStr:
		return appendString(append(b, 's'), v.Str())
	case pcommon.ValueTypeInt:
		return binary.BigEndian.AppendUint64(append(b, 'i'), uint64(v.Int()))
	case pcommon.ValueTypeDouble:
		return binary.BigEndian.AppendUint64(append(b, 'd'), math.Float64bits(v.Double()))
	case pcommon.ValueTypeBool:
		if v.Bool() {
			return append(b, 't')
		}
		return append(b, 'f')
	case pcommon.ValueTypeMap:
		return appendMap(b, v.Map())
	case pcommon.ValueTypeSlice:
		s := v.Slice()
		b = binary.BigEndian.AppendUint32(append(b, 'a'), uint32(s.Len()))
		for _, e := range s.All() {
			b = appendValue(b, e)
		}
		return b
	case pcommon.ValueTypeBytes:
		return appendString(append(b, 'y'), string(v.Bytes().AsRaw()))
	}
	return append(b, 'e')
}
