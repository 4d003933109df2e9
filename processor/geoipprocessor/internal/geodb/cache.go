// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geodb // import "github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor/internal/geodb"

import (
	"encoding/binary"
	"math/bits"
	"net/netip"
	"sync/atomic"
)

// directCache is a bounded lookup cache: a fixed array of slots in sets of
// two. A key may live in either slot of its set; a new key goes first and
// pushes the previous first one to second, dropping the older. That bounds
// memory without any bookkeeping, lets concurrent lookups proceed without a
// lock (one or two atomic loads per get), and, unlike one slot per set,
// keeps two hot keys that hash alike from evicting each other on every
// record.
//
// Entries never go stale while their file is open: the answer for an
// address or a data offset is fixed by the file's bytes. A cache belongs to
// one opened file and is dropped with it when the file is replaced, which is
// its expiry.
type directCache[K comparable] struct {
	slots []atomic.Pointer[cacheSlot[K]]
	shift uint
	hash  func(K) uint64
}

type cacheSlot[K comparable] struct {
	key K
	rec *Record // nil: the database has no record for the key
}

// newDirectCache returns a cache of at least size slots (rounded up to a
// power of two, two at least), or nil when size is zero, which disables
// caching.
func newDirectCache[K comparable](size int, hash func(K) uint64) *directCache[K] {
	if size <= 0 {
		return nil
	}
	order := max(bits.Len(uint(size-1)), 1)
	return &directCache[K]{
		slots: make([]atomic.Pointer[cacheSlot[K]], 1<<order),
		shift: uint(64 - order + 1), // the hash picks a set of two slots
		hash:  hash,
	}
}

// index uses Fibonacci hashing: the top bits of the product depend on all
// bits of the key, so neighbouring addresses and offsets (multiples of small
// record sizes) spread over the slots.
func (c *directCache[K]) set(key K) uint64 {
	if c.shift == 64 {
		return 0
	}
	return ((c.hash(key) * 0x9E3779B97F4A7C15) >> c.shift) << 1
}

// get returns the cached answer for key; ok is false when it is not cached.
func (c *directCache[K]) get(key K) (rec *Record, ok bool) {
	if c == nil {
		return nil, false
	}
	i := c.set(key)
	if s := c.slots[i].Load(); s != nil && s.key == key {
		return s.rec, true
	}
	if s := c.slots[i+1].Load(); s != nil && s.key == key {
		return s.rec, true
	}
	return nil, false
}

func (c *directCache[K]) put(key K, rec *Record) {
	if c == nil {
		return
	}
	i := c.set(key)
	// Racing puts may drop an entry or store one twice; either way every
	// slot holds a whole, correct answer, which is all a cache owes.
	if prev := c.slots[i].Swap(&cacheSlot[K]{key: key, rec: rec}); prev != nil && prev.key != key {
		c.slots[i+1].Store(prev)
	}
}

func hashOffset(offset uintptr) uint64 { return uint64(offset) }

func hashAddr(a netip.Addr) uint64 {
	b := a.As16()
	return binary.LittleEndian.Uint64(b[:8]) ^ bits.RotateLeft64(binary.LittleEndian.Uint64(b[8:]), 29)
}
