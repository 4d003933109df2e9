// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package namecache holds host names by address: bounded, expiring, and
// cheap to read. A read takes one shard lock and one map look-up; it does
// not allocate.
package namecache // import "github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor/internal/namecache"

import (
	"encoding/binary"
	"math/bits"
	"net/netip"
)

// State is what the cache knows about an address.
type State uint8

const (
	// Miss: nothing, or an entry that has expired.
	Miss State = iota
	// Found: the address has a name.
	Found
	// Negative: a recent lookup found no name or failed.
	Negative
)

// Cache maps addresses to names. Times are nanoseconds on the caller's
// monotonic clock; the cache never reads a clock itself, so tests control
// expiry exactly.
type Cache struct {
	shards []shard
	// shift takes the top bits of the hash, the ones that depend on every
	// input bit; 64 means a single shard.
	shift uint
}

// shardCount spreads lock contention when several pipelines share one
// processor; one shard for small caches keeps the size bound exact.
const shardCount = 16

// New returns a cache holding at most size entries (size >= 1).
func New(size int) *Cache {
	n := 1
	if size >= 64*shardCount {
		n = shardCount
	}
	c := &Cache{shards: make([]shard, n), shift: 64}
	if n > 1 {
		c.shift = 64 - uint(bits.TrailingZeros(uint(n)))
	}
	for i := range c.shards {
		capacity := size / n
		if i < size%n {
			capacity++
		}
		c.shards[i].init(capacity)
	}
	return c
}

// Get returns the name of addr if an entry is valid at now.
func (c *Cache) Get(addr netip.Addr, now int64) (string, State) {
	return c.shard(addr).get(addr, now)
}

// Put stores a name (state Found) or a negative entry until expires.
func (c *Cache) Put(addr netip.Addr, name string, state State, expires int64) {
	c.shard(addr).put(slot{addr: addr, name: name, state: state, expires: expires})
}

// Len is the number of entries, including expired ones not yet replaced.
func (c *Cache) Len() int {
	n := 0
	for i := range c.shards {
		n += c.shards[i].len()
	}
	return n
}

// shard picks a shard from a multiplicative hash of the address bytes.
func (c *Cache) shard(addr netip.Addr) *shard {
	if c.shift == 64 {
		return &c.shards[0]
	}
	b := addr.As16()
	h := binary.LittleEndian.Uint64(b[:8]) ^ binary.LittleEndian.Uint64(b[8:])
	h *= 0x9E3779B97F4A7C15
	return &c.shards[h>>c.shift]
}
