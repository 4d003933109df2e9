package geodb // import "github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor/internal/geodb"

import (
	"math/bits"
	"sync/atomic"
)

// recordCache keeps decoded records by their offset in the data section.
// Every address of a network (and often many networks: all of a city's
// prefixes share one record) resolves to the same offset, so the tree walk
// (~70 ns) still runs but the decode (~1 µs on GeoLite2-City) does not.
//
// It is direct-mapped: a fixed array of slots, a colliding insert replaces
// the slot. That bounds memory without any bookkeeping and lets concurrent
// lookups proceed without a lock. Entries never go stale while their file is
// open (an offset names the same bytes until the file is replaced); the
// cache belongs to one opened file and is dropped with it on reload, which is
// its expiry.
type recordCache struct {
	slots []atomic.Pointer[cacheSlot]
	shift uint
}

type cacheSlot struct {
	offset uintptr
	rec    *Record
}

// newRecordCache returns a cache of at least size slots (rounded up to a
// power of two), or nil when size is zero, which disables caching.
func newRecordCache(size int) *recordCache {
	if size <= 0 {
		return nil
	}
	order := bits.Len(uint(size - 1))
	return &recordCache{
		slots: make([]atomic.Pointer[cacheSlot], 1<<order),
		shift: uint(64 - order),
	}
}

// index spreads offsets with Fibonacci hashing: offsets are multiples of
// small record sizes and would crowd a few slots if masked directly.
func (c *recordCache) index(offset uintptr) uint64 {
	if c.shift == 64 {
		return 0
	}
	return (uint64(offset) * 0x9E3779B97F4A7C15) >> c.shift
}

func (c *recordCache) get(offset uintptr) *Record {
	if c == nil {
		return nil
	}
	if s := c.slots[c.index(offset)].Load(); s != nil && s.offset == offset {
		return s.rec
	}
	return nil
}

func (c *recordCache) put(offset uintptr, rec *Record) {
	if c == nil {
		return
	}
	c.slots[c.index(offset)].Store(&cacheSlot{offset: offset, rec: rec})
}
