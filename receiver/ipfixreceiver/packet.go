// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver // import "github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver"

import (
	"net/netip"
	"sync"
	"time"
)

// packet is one datagram on its way from a reader to a worker. Packets are
// pooled: the reader copies the datagram out of its large read slot into a
// buffer sized for typical export packets (one MTU), so that a full queue
// holds queue_size small buffers rather than queue_size 64 KiB ones.
type packet struct {
	from     netip.AddrPort
	received time.Time
	data     []byte
}

const typicalPacketSize = 2048

var packetPool = sync.Pool{New: func() any {
	return &packet{data: make([]byte, 0, typicalPacketSize)}
}}

func newPacket(from netip.AddrPort, received time.Time, payload []byte) *packet {
	p := packetPool.Get().(*packet)
	p.from = from
	p.received = received
	p.data = append(p.data[:0], payload...)
	return p
}

// release returns p to the pool; oversized buffers (jumbo or loopback
// datagrams) are dropped so the pool does not keep them alive.
func (p *packet) release() {
	if cap(p.data) > 4*typicalPacketSize {
		return
	}
	packetPool.Put(p)
}

// shardOf maps an exporter address to a worker with FNV-1a. The hash must
// be stable across restarts because persisted state is stored per worker.
func shardOf(addr netip.Addr, workers int) int {
	const offset, prime = 14695981039346656037, 1099511628211
	b := addr.As16()
	h := uint64(offset)
	for _, c := range b {
		h ^= uint64(c)
		h *= prime
	}
	return int(h % uint64(workers))
}
