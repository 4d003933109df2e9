// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package udpingest // import "github.com/otelcol-flows/otelcol-flows/internal/udpingest"

import (
	"net/netip"
	"sync"
	"time"
)

// Datagram is one UDP payload on its way from a reader to a worker.
// Datagrams are pooled: the reader copies the payload out of its large
// read slot into a buffer sized for typical export packets (one MTU), so
// that a full queue holds queue_size small buffers rather than queue_size
// 64 KiB ones.
type Datagram struct {
	// From is the source address and port, IPv4-mapped addresses unmapped.
	From     netip.AddrPort
	Received time.Time
	Data     []byte
}

const typicalDatagramSize = 2048

var datagramPool = sync.Pool{New: func() any {
	return &Datagram{Data: make([]byte, 0, typicalDatagramSize)}
}}

// NewDatagram copies payload into a pooled Datagram.
func NewDatagram(from netip.AddrPort, received time.Time, payload []byte) *Datagram {
	d := datagramPool.Get().(*Datagram)
	d.From = from
	d.Received = received
	d.Data = append(d.Data[:0], payload...)
	return d
}

// Release returns d to the pool; oversized buffers (jumbo or loopback
// datagrams) are dropped so the pool does not keep them alive.
func (d *Datagram) Release() {
	if cap(d.Data) > 4*typicalDatagramSize {
		return
	}
	datagramPool.Put(d)
}

// ShardOf maps an exporter address to a worker with FNV-1a. The hash must
// be stable across restarts because persisted state is stored per worker.
func ShardOf(addr netip.Addr, workers int) int {
	const offset, prime = 14695981039346656037, 1099511628211
	b := addr.As16()
	h := uint64(offset)
	for _, c := range b {
		h ^= uint64(c)
		h *= prime
	}
	return int(h % uint64(workers))
}
