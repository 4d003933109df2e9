// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package udpingest // import "github.com/otelcol-flows/otelcol-flows/internal/udpingest"

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"time"

	"go.uber.org/zap"
	"golang.org/x/net/ipv4"
	"golang.org/x/net/ipv6"

	"github.com/otelcol-flows/otelcol-flows/internal/ipattr"
	"github.com/otelcol-flows/otelcol-flows/internal/ratelog"
)

const (
	// readBatch is how many datagrams one recvmmsg call may return.
	readBatch = 16
	// maxDatagram is the largest UDP payload (RFC 768 over IPv4).
	maxDatagram = 65535
	// readErrorPause is the wait after a failed read (not a closed socket).
	readErrorPause = 10 * time.Millisecond
)

// batchConn is what ipv4.PacketConn and ipv6.PacketConn share: ReadBatch
// uses recvmmsg on Linux, one system call for up to readBatch datagrams.
type batchConn interface {
	ReadBatch(ms []ipv4.Message, flags int) (int, error)
}

// Reader reads one socket and hands each datagram to the queue of the
// worker that owns its exporter. It never decodes and never blocks on a
// worker.
type Reader struct {
	conn    batchConn
	msgs    []ipv4.Message
	allowed []netip.Prefix
	queues  []chan *Datagram
	tel     Telemetry
	errLog  *ratelog.Logger
	denyLog *ratelog.Logger
	// readFailed reports a read error to the host's status (at most as
	// often as errLog logs).
	readFailed func(error)
}

func newReader(conn *net.UDPConn, in *Ingest) *Reader {
	sr := &Reader{
		allowed:    in.allowed,
		queues:     in.queues,
		tel:        in.set.Telemetry,
		errLog:     ratelog.New(in.set.Logger, 10*time.Second),
		denyLog:    ratelog.New(in.set.Logger, time.Minute),
		msgs:       make([]ipv4.Message, readBatch),
		readFailed: in.set.ReadFailed,
	}
	if la, ok := conn.LocalAddr().(*net.UDPAddr); ok && la.IP.To4() == nil && len(la.IP) == net.IPv6len {
		sr.conn = ipv6.NewPacketConn(conn)
	} else {
		sr.conn = ipv4.NewPacketConn(conn)
	}
	for i := range sr.msgs {
		sr.msgs[i].Buffers = [][]byte{make([]byte, maxDatagram)}
	}
	return sr
}

// run reads until the socket is closed.
func (sr *Reader) run() {
	ctx := context.Background()
	for {
		n, err := sr.conn.ReadBatch(sr.msgs, 0)
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			if sr.errLog.Warn("UDP read failed", zap.Error(err)) {
				sr.readFailed(err)
			}
			// A socket error that persists must not turn this loop into a spin.
			time.Sleep(readErrorPause)
			continue
		}
		now := time.Now()
		var bytes int
		for i := range sr.msgs[:n] {
			bytes += sr.msgs[i].N
			sr.dispatch(ctx, &sr.msgs[i], now)
		}
		sr.tel.DatagramsReceived(ctx, n, bytes)
	}
}

func (sr *Reader) dispatch(ctx context.Context, m *ipv4.Message, now time.Time) {
	ua, ok := m.Addr.(*net.UDPAddr)
	if !ok {
		return
	}
	from := ua.AddrPort()
	from = netip.AddrPortFrom(from.Addr().Unmap(), from.Port())
	if !sr.isAllowed(from.Addr()) {
		sr.tel.DatagramDropped(ctx, NotAllowed)
		sr.denyLog.Warn("dropped packets from an exporter not in allowed_exporters", zap.Stringer("exporter", from))
		return
	}
	d := NewDatagram(from, now, m.Buffers[0][:m.N])
	select {
	case sr.queues[ShardOf(from.Addr(), len(sr.queues))] <- d:
	default:
		d.Release()
		sr.tel.DatagramDropped(ctx, QueueFull)
	}
}

func (sr *Reader) isAllowed(addr netip.Addr) bool { return ipattr.Allowed(sr.allowed, addr) }
