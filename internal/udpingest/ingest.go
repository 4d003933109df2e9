// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package udpingest // import "github.com/otelcol-flows/otelcol-flows/internal/udpingest"

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"sync"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/component/componentstatus"
	"go.uber.org/zap"
)

// Settings is what the ingest needs from its receiver.
type Settings struct {
	Logger    *zap.Logger
	Telemetry Telemetry
	// ReadFailed reports a read error that is not a closed socket to the
	// host's status; it is called at most every few seconds.
	ReadFailed func(error)
}

// ReportTo returns Settings that report read errors to host's status.
func ReportTo(host component.Host, logger *zap.Logger, tel Telemetry) Settings {
	return Settings{Logger: logger, Telemetry: tel, ReadFailed: func(err error) {
		componentstatus.ReportStatus(host, componentstatus.NewRecoverableErrorEvent(err))
	}}
}

// Ingest owns the sockets, their readers and one queue per worker.
type Ingest struct {
	set     Settings
	allowed []netip.Prefix
	conns   []*net.UDPConn
	queues  []chan *Datagram
	drops   *kernelDrops
	readers sync.WaitGroup
}

// Listen binds the sockets (so that a busy port fails start-up) and makes
// the queues of cfg.WorkerCount() workers. Nothing is read before Start.
func Listen(ctx context.Context, cfg *Config, set Settings) (*Ingest, error) {
	allowed, err := ParsePrefixes(cfg.AllowedExporters)
	if err != nil {
		return nil, err
	}
	conns, err := listenSockets(ctx, cfg)
	if err != nil {
		for _, c := range conns {
			_ = c.Close()
		}
		return nil, err
	}
	in := &Ingest{set: set, allowed: allowed, conns: conns, queues: make([]chan *Datagram, cfg.WorkerCount())}
	for i := range in.queues {
		in.queues[i] = make(chan *Datagram, cfg.QueueSize)
	}
	in.drops = newKernelDrops(in.socketInodes())
	in.checkReceiveBuffer(cfg.ReadBufferSize)
	return in, nil
}

// Start runs one reader per socket.
func (in *Ingest) Start() {
	for _, conn := range in.conns {
		in.readers.Go(newReader(conn, in).run)
	}
}

// Queue is worker i's input; it is closed by Close.
func (in *Ingest) Queue(i int) <-chan *Datagram { return in.queues[i] }

// Workers is the number of queues.
func (in *Ingest) Workers() int { return len(in.queues) }

// Conns are the bound sockets (all on one address).
func (in *Ingest) Conns() []*net.UDPConn { return in.conns }

// KernelDrops is the number of datagrams the kernel dropped on our
// sockets because their receive buffers were full.
func (in *Ingest) KernelDrops() int64 { return in.drops.Total() }

// Close closes the sockets, waits for the readers and then closes the
// queues, so that workers drain what is queued and stop. It may be called
// more than once.
func (in *Ingest) Close() error {
	var errs []error
	for _, c := range in.conns {
		if err := c.Close(); !errors.Is(err, net.ErrClosed) {
			errs = append(errs, err)
		}
	}
	in.readers.Wait() // no reader sends to a queue after this
	for _, q := range in.queues {
		close(q)
	}
	in.queues = nil
	return errors.Join(errs...)
}

func (in *Ingest) socketInodes() []uint64 {
	inodes := make([]uint64, 0, len(in.conns))
	for _, c := range in.conns {
		if ino, err := socketInode(c); err == nil {
			inodes = append(inodes, ino)
		}
	}
	return inodes
}

// checkReceiveBuffer warns when the kernel granted less than
// read_buffer_size (it reports twice the usable size).
func (in *Ingest) checkReceiveBuffer(want int) {
	if want == 0 || len(in.conns) == 0 {
		return
	}
	got, err := receiveBufferSize(in.conns[0])
	if err == nil && got/2 < want {
		in.set.Logger.Warn("socket receive buffer smaller than read_buffer_size; raise net.core.rmem_max or grant CAP_NET_ADMIN",
			zap.Int("read_buffer_size", want), zap.Int("granted", got/2))
	}
}
