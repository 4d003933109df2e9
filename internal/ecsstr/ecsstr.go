// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package ecsstr caches the strings flow decoders write as ECS keyword
// attributes. Flow records repeat the same addresses, MACs and interface
// numbers (one exporter sees the same hosts), so a hit costs no
// formatting and no allocation.
package ecsstr // import "github.com/otelcol-flows/otelcol-flows/internal/ecsstr"

import (
	"encoding/binary"
	"net/netip"
	"strconv"
)

// addrCacheSize slots, direct-mapped (a power of two): 40 KiB per decoder.
// 8,192 slots made lookups over 8,000 hosts twice as fast in
// BenchmarkAddrCache but cost the whole collector about 5% more CPU per
// flow end to end (benche2e, alternated): the larger table pushed hotter
// data out of the CPU caches.
const (
	addrCacheBits = 10
	addrCacheSize = 1 << addrCacheBits
)

type addrEntry struct {
	addr netip.Addr
	str  string
}

// AddrCache formats addresses, remembering the last one per slot. The
// zero value is ready; one goroutine uses it.
type AddrCache [addrCacheSize]addrEntry

// Str returns a.String().
func (c *AddrCache) Str(a netip.Addr) string {
	b := a.As16()
	// Fibonacci hashing of the low 64 bits (the whole of an IPv4 address,
	// the interface ID of an IPv6 one): one multiply, top bits kept.
	h := binary.BigEndian.Uint64(b[8:]) * 0x9E3779B97F4A7C15 >> (64 - addrCacheBits)
	e := &c[h]
	if e.addr == a && e.str != "" {
		return e.str
	}
	e.addr, e.str = a, a.String()
	return e.str
}

const macCacheSize = 256

type macEntry struct {
	mac [6]byte
	str string
}

// MACCache formats MAC addresses as ECS wants them (upper-case, dashes).
type MACCache [macCacheSize]macEntry

// Str returns m as AA-BB-CC-DD-EE-FF.
func (c *MACCache) Str(m [6]byte) string {
	e := &c[(m[4]^m[5]^m[3])&(macCacheSize-1)]
	if e.mac == m && e.str != "" {
		return e.str
	}
	e.mac, e.str = m, MAC(m[:])
	return e.str
}

// MAC formats 6 bytes as ECS asks (AA-BB-CC-DD-EE-FF, as Filebeat writes them) with a single
// allocation.
func MAC(b []byte) string {
	const digits = "0123456789ABCDEF"
	var buf [17]byte
	for i, x := range b[:6] {
		if i > 0 {
			buf[3*i-1] = '-'
		}
		buf[3*i], buf[3*i+1] = digits[x>>4], digits[x&0xf]
	}
	return string(buf[:])
}

// smallInts holds the decimal strings of interface indexes and VLAN IDs below 4096, which
// ECS wants as keywords: most devices number their interfaces in this range.
var smallInts = func() (s [4096]string) {
	for i := range s {
		s[i] = strconv.Itoa(i)
	}
	return s
}()

// ID returns the decimal string of v without allocating below 4096.
func ID(v uint64) string {
	if v < uint64(len(smallInts)) {
		return smallInts[v]
	}
	return strconv.FormatUint(v, 10)
}
