// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"net/netip"
	"time"
)

// Flow records repeat the same addresses and timestamps (one exporter sees the same hosts, a
// data set's records often share their end time), so the strings written as attributes are
// cached: a hit costs no formatting and no allocation.

const addrCacheSize = 1024 // direct-mapped; a power of two

type addrEntry struct {
	addr netip.Addr
	str  string
}

type addrCache [addrCacheSize]addrEntry

func (c *addrCache) str(a netip.Addr) string {
	var h uint64
	b := a.As16()
	for _, x := range b[8:] {
		h = h*31 + uint64(x)
	}
	e := &c[h&(addrCacheSize-1)]
	if e.addr == a && e.str != "" {
		return e.str
	}
	e.addr, e.str = a, a.String()
	return e.str
}

const timeCacheSize = 8

type timeEntry struct {
	nanos int64
	str   string
}

// timeCache keeps the last few formatted instants, round robin.
type timeCache struct {
	entries [timeCacheSize]timeEntry
	next    int
	buf     []byte
}

func (c *timeCache) str(nanos int64) string {
	for i := range c.entries {
		if c.entries[i].nanos == nanos && c.entries[i].str != "" {
			return c.entries[i].str
		}
	}
	c.buf = time.Unix(0, nanos).UTC().AppendFormat(c.buf[:0], time.RFC3339Nano)
	e := &c.entries[c.next]
	e.nanos, e.str = nanos, string(c.buf)
	c.next = (c.next + 1) % timeCacheSize
	return e.str
}

// smallInts holds the decimal strings of interface indexes and VLAN IDs below 4096, which
// ECS wants as keywords: most devices number their interfaces in this range.
var smallInts = func() (s [4096]string) {
	for i := range s {
		s[i] = uitoa(uint64(i))
	}
	return s
}()

func idString(v uint64) string {
	if v < uint64(len(smallInts)) {
		return smallInts[v]
	}
	return uitoa(v)
}
