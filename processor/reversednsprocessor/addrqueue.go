// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package reversednsprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor"

import "net/netip"

// addrQueue is a fixed-size FIFO ring of addresses waiting for a lookup.
type addrQueue struct {
	buf  []netip.Addr
	head int
	n    int
}

func newAddrQueue(size int) addrQueue {
	return addrQueue{buf: make([]netip.Addr, max(size, 1))}
}

// push appends a unless the queue is full.
func (q *addrQueue) push(a netip.Addr) bool {
	if q.n == len(q.buf) {
		return false
	}
	q.buf[(q.head+q.n)%len(q.buf)] = a
	q.n++
	return true
}

// full reports whether push would fail.
func (q *addrQueue) full() bool { return q.n == len(q.buf) }

// pop removes the oldest address.
func (q *addrQueue) pop() (netip.Addr, bool) {
	if q.n == 0 {
		return netip.Addr{}, false
	}
	a := q.buf[q.head]
	q.head = (q.head + 1) % len(q.buf)
	q.n--
	return a, true
}
