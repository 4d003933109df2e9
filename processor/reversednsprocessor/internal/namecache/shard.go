// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package namecache

import (
	"net/netip"
	"sync"
)

// slot is one entry of the CLOCK ring.
type slot struct {
	addr    netip.Addr
	name    string
	expires int64
	state   State
	// referenced is set by reads and cleared by the clock hand: an entry
	// read since the hand last passed survives one more round (CLOCK,
	// an LRU approximation that needs no list update on a read).
	referenced bool
}

type shard struct {
	mu       sync.Mutex
	index    map[netip.Addr]int
	slots    []slot
	capacity int
	hand     int
	now      int64    // latest time seen, so eviction can prefer expired slots
	_        [40]byte // keep neighbouring shard locks off one cache line
}

func (s *shard) init(capacity int) {
	s.capacity = max(capacity, 1)
	s.index = make(map[netip.Addr]int, min(s.capacity, 4096))
}

func (s *shard) get(addr netip.Addr, now int64) (string, State) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, ok := s.index[addr]
	if !ok {
		return "", Miss
	}
	e := &s.slots[i]
	if now >= e.expires {
		return "", Miss
	}
	e.referenced = true
	if now > s.now {
		s.now = now
	}
	return e.name, e.state
}

func (s *shard) put(e slot) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if i, ok := s.index[e.addr]; ok {
		s.slots[i] = e
		return
	}
	if len(s.slots) < s.capacity {
		s.index[e.addr] = len(s.slots)
		s.slots = append(s.slots, e)
		return
	}
	i := s.victim()
	delete(s.index, s.slots[i].addr)
	s.slots[i] = e
	s.index[e.addr] = i
}

// victim advances the clock hand to a slot that is expired or was not read
// since the hand last passed; it stops within two turns.
func (s *shard) victim() int {
	for {
		i := s.hand
		s.hand = (s.hand + 1) % len(s.slots)
		e := &s.slots[i]
		if !e.referenced || e.expires <= s.now {
			return i
		}
		e.referenced = false
	}
}

func (s *shard) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.slots)
}
