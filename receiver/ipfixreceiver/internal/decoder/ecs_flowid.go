// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"encoding/base64"
	"encoding/binary"
	"net/netip"

	"github.com/cespare/xxhash/v2"
	"go.opentelemetry.io/collector/pdata/pcommon"
)

// putFlowID writes ECS flow.id as Filebeat's netflow input defines it, so that the same flow
// gets the same id from either: xxHash64 over (address, port) of the end with the higher port
// first, then the other end, then the protocol number, in base64url without padding.
// Addresses are hashed as sent (4 bytes for IPv4, 16 for IPv6); Filebeat hashes a missing
// one as 0.0.0.0. A record with no address at all gets none: its id would say nothing.
func (f *flow) putFlowID(attrs pcommon.Map) {
	var c counters
	src, dst := f.ends(&c)
	if !src.hasIP && !dst.hasIP {
		return
	}
	var buf [2*(16+2) + 1]byte
	b := buf[:0]
	if sport, dport := uint16(src.port), uint16(dst.port); sport >= dport {
		b = appendEnd(b, src.addr, src.hasIP, sport)
		b = appendEnd(b, dst.addr, dst.hasIP, dport)
	} else {
		b = appendEnd(b, dst.addr, dst.hasIP, dport)
		b = appendEnd(b, src.addr, src.hasIP, sport)
	}
	b = append(b, uint8(f.num[rProto]))
	var sum [8]byte
	binary.BigEndian.PutUint64(sum[:], xxhash.Sum64(b))
	var out [11]byte // base64.RawURLEncoding.EncodedLen(8)
	base64.RawURLEncoding.Encode(out[:], sum[:])
	attrs.PutStr("flow.id", string(out[:]))
}

// appendEnd appends one end's address as sent (an IPv4-mapped IPv6 address stays 16 bytes, as
// in Filebeat) and its big-endian port.
func appendEnd(b []byte, a netip.Addr, has bool, port uint16) []byte {
	switch {
	case !has || !a.IsValid():
		b = append(b, 0, 0, 0, 0)
	case a.Is4():
		x := a.As4()
		b = append(b, x[:]...)
	default:
		x := a.As16()
		b = append(b, x[:]...)
	}
	return binary.BigEndian.AppendUint16(b, port)
}
