// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"encoding/binary"
	"net/netip"
)

// Helpers that build NetFlow v9 and IPFIX messages for the behaviour tests.

const exportSecs = 1767225600 // 2026-01-01T00:00:00Z

func be16(v uint16) []byte { return binary.BigEndian.AppendUint16(nil, v) }
func be32(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }

func cat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// ipfixMsg wraps sets in an IPFIX header (RFC 7011 section 3.1).
func ipfixMsg(domain, seq uint32, sets ...[]byte) []byte {
	body := cat(sets...)
	return cat(be16(10), be16(uint16(16+len(body))), be32(exportSecs), be32(seq), be32(domain), body)
}

// v9Msg wraps flowsets in a NetFlow v9 header (RFC 3954 section 5.1).
func v9Msg(domain, seq, uptime uint32, sets ...[]byte) []byte {
	return cat(be16(9), be16(uint16(len(sets))), be32(uptime), be32(exportSecs), be32(seq), be32(domain), cat(sets...))
}

// set builds a set (or flowset) with its header.
func set(id uint16, records ...[]byte) []byte {
	body := cat(records...)
	return cat(be16(id), be16(uint16(4+len(body))), body)
}

func fieldBytes(fields []fieldSpec, ipfix bool) []byte {
	var out []byte
	for _, f := range fields {
		if ipfix && f.PEN != 0 {
			out = cat(out, be16(f.ID|0x8000), be16(f.Length), be32(f.PEN))
			continue
		}
		out = cat(out, be16(f.ID), be16(f.Length))
	}
	return out
}

func tmplRec(id uint16, fields ...fieldSpec) []byte {
	return cat(be16(id), be16(uint16(len(fields))), fieldBytes(fields, true))
}

func optTmplRec(id uint16, scope int, fields ...fieldSpec) []byte {
	return cat(be16(id), be16(uint16(len(fields))), be16(uint16(scope)), fieldBytes(fields, true))
}

// simpleFields is a 37-byte IPv4 flow template used by the tests and the benchmark.
var simpleFields = []fieldSpec{{ID: 8, Length: 4}, {ID: 12, Length: 4}, {ID: 7, Length: 2}, {ID: 11, Length: 2},
	{ID: 4, Length: 1}, {ID: 1, Length: 8}, {ID: 2, Length: 8}, {ID: 153, Length: 8}}

// simpleRecord is one record of simpleFields.
func simpleRecord(src, dst string, sport, dport uint16, bytes uint64) []byte {
	s, d := netip.MustParseAddr(src).As4(), netip.MustParseAddr(dst).As4()
	return cat(s[:], d[:], be16(sport), be16(dport), []byte{6},
		binary.BigEndian.AppendUint64(nil, bytes), binary.BigEndian.AppendUint64(nil, 1),
		binary.BigEndian.AppendUint64(nil, exportSecs*1000))
}
