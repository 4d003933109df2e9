// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder // import "github.com/otelcol-flows/otelcol-flows/receiver/sflowreceiver/internal/decoder"

import (
	"encoding/binary"
	"net/netip"
)

// xdr reads the XDR encoding sFlow uses (RFC 4506: big-endian, every item
// padded to 4 bytes). Reads past the end return zero and set short, so a
// record is parsed straight through and checked once.
type xdr struct {
	b     []byte
	short bool
}

func (x *xdr) u32() uint32 {
	if b := x.bytes(4); b != nil {
		return binary.BigEndian.Uint32(b)
	}
	return 0
}

func (x *xdr) u64() uint64 {
	if b := x.bytes(8); b != nil {
		return binary.BigEndian.Uint64(b)
	}
	return 0
}

// appendU32s reads a counted array of words onto dst; a count beyond the
// data sets short before anything is allocated.
func (x *xdr) appendU32s(dst []uint32) []uint32 {
	n := x.u32()
	if uint64(n)*4 > uint64(len(x.b)) {
		x.short, x.b = true, nil
		return dst
	}
	for range n {
		dst = append(dst, x.u32())
	}
	return dst
}

// bytes returns n bytes and skips their padding.
func (x *xdr) bytes(n uint32) []byte {
	padded := (uint64(n) + 3) &^ 3
	if uint64(len(x.b)) < padded {
		x.short, x.b = true, nil
		return nil
	}
	v := x.b[:n:n]
	x.b = x.b[padded:]
	return v
}

// opaque reads a variable-length opaque or string: length, bytes, padding.
func (x *xdr) opaque() []byte { return x.bytes(x.u32()) }

// ip4 and ip6 read fixed-size addresses.
func (x *xdr) ip4() netip.Addr {
	b := x.bytes(4)
	if b == nil {
		return netip.Addr{}
	}
	return netip.AddrFrom4([4]byte(b))
}

func (x *xdr) ip6() netip.Addr {
	b := x.bytes(16)
	if b == nil {
		return netip.Addr{}
	}
	return netip.AddrFrom16([16]byte(b))
}

// address reads an sFlow address: type 1 IPv4, 2 IPv6. ok is false for
// any other type (0 is "unknown", which carries no bytes).
func (x *xdr) address() (netip.Addr, bool) {
	switch x.u32() {
	case 1:
		return x.ip4(), !x.short
	case 2:
		return x.ip6(), !x.short
	}
	return netip.Addr{}, false
}

// mac reads a 6-byte MAC sent as opaque mac[6] (padded to 8).
func (x *xdr) mac() (m [6]byte) {
	if b := x.bytes(6); b != nil {
		m = [6]byte(b)
	}
	return m
}
