// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package reversednsprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor"

import (
	"net/netip"
	"sync"
)

// maxNegativePrefixes bounds the prefix cache: a reverse zone has at most
// 256 children (16 in ip6.arpa), so a few thousand prefixes cover every
// empty part of the zones a collector sees.
const maxNegativePrefixes = 4096

// prefixEntry is what is known about a prefix until a time.
type prefixEntry struct {
	until int64
	// empty: NXDOMAIN for the prefix's name, so no address in it has a
	// PTR record (RFC 8020). Otherwise the name exists, or a probe is in
	// flight: do not ask again before until.
	empty bool
}

// prefixCache holds reverse-zone prefixes known to have no PTR records.
type prefixCache struct {
	mu      sync.RWMutex
	entries map[netip.Prefix]prefixEntry
	lengths [129]int // entries per prefix length, to skip absent lengths
}

func newPrefixCache() *prefixCache {
	return &prefixCache{entries: map[netip.Prefix]prefixEntry{}}
}

// covers reports whether addr is in a prefix known at now to be empty.
// A nil cache (negative_prefixes off) covers nothing.
func (c *prefixCache) covers(addr netip.Addr, now int64) bool {
	if c == nil {
		return false
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	if len(c.entries) == 0 {
		return false
	}
	for bits := 1; bits <= addr.BitLen(); bits++ {
		if c.lengths[bits] == 0 {
			continue
		}
		p, _ := addr.Prefix(bits)
		if e, ok := c.entries[p]; ok && e.empty && now < e.until {
			return true
		}
	}
	return false
}

// claim records that p is being probed until `until`, unless something
// is already known about it; it reports whether the caller should probe.
func (c *prefixCache) claim(p netip.Prefix, now, until int64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[p]; ok && now < e.until {
		return false
	}
	return c.putLocked(p, prefixEntry{until: until}, now)
}

// put records the probe's outcome.
func (c *prefixCache) put(p netip.Prefix, e prefixEntry, now int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.putLocked(p, e, now)
}

func (c *prefixCache) putLocked(p netip.Prefix, e prefixEntry, now int64) bool {
	if _, ok := c.entries[p]; !ok {
		if len(c.entries) >= maxNegativePrefixes {
			c.dropExpired(now)
		}
		if len(c.entries) >= maxNegativePrefixes {
			return false
		}
		c.lengths[p.Bits()]++
	}
	c.entries[p] = e
	return true
}

func (c *prefixCache) dropExpired(now int64) {
	for p, e := range c.entries {
		if now >= e.until {
			delete(c.entries, p)
			c.lengths[p.Bits()]--
		}
	}
}

// len is the number of prefixes held, expired or not.
func (c *prefixCache) len() int {
	if c == nil {
		return 0
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.entries)
}
