// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver // import "github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver"

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"runtime"
	"sync"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/receiver"
	"go.opentelemetry.io/collector/receiver/receiverhelper"
	"go.uber.org/zap"

	"github.com/otelcol-flows/otelcol-flows/internal/ratelog"
	"github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver/internal/decoder"
	"github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver/internal/metadata"
)

// dataFormat names the payload in the receiver's obsreport metrics.
const dataFormat = "ipfix"

type ipfixReceiver struct {
	set          receiver.Settings
	cfg          *Config
	next         consumer.Logs
	allowed      []netip.Prefix
	obsrecv      *receiverhelper.ObsReport
	tb           *metadata.TelemetryBuilder
	tel          *receiverTelemetry
	malformedLog *ratelog.Logger
	consumerLog  *ratelog.Logger
	samplingLog  *ratelog.Logger
	interfaces   *decoder.Interfaces // shared by the workers' decoders
	stopReload   chan struct{}
	reloadWG     sync.WaitGroup
	// shutdownWait bounds Shutdown's wait for the last batches when its
	// context has no deadline (defaultShutdownWait; shorter in tests).
	shutdownWait time.Duration

	host        component.Host
	conns       []*net.UDPConn
	workers     []*worker
	state       *stateStore
	cancel      context.CancelFunc
	readersWG   sync.WaitGroup
	workersWG   sync.WaitGroup
	shutdownMux sync.Mutex
}

func newReceiver(set receiver.Settings, cfg *Config, next consumer.Logs) (*ipfixReceiver, error) {
	allowed, err := parsePrefixes(cfg.AllowedExporters)
	if err != nil {
		return nil, err
	}
	obsrecv, err := receiverhelper.NewObsReport(receiverhelper.ObsReportSettings{
		ReceiverID:             set.ID,
		Transport:              "udp",
		LongLivedCtx:           true,
		ReceiverCreateSettings: set,
	})
	if err != nil {
		return nil, err
	}
	tb, err := metadata.NewTelemetryBuilder(set.TelemetrySettings)
	if err != nil {
		return nil, err
	}
	return &ipfixReceiver{
		set:          set,
		cfg:          cfg,
		next:         next,
		allowed:      allowed,
		obsrecv:      obsrecv,
		tb:           tb,
		malformedLog: ratelog.New(set.Logger, 10*time.Second),
		consumerLog:  ratelog.New(set.Logger, 10*time.Second),
		samplingLog:  ratelog.New(set.Logger, time.Minute),
		interfaces:   &decoder.Interfaces{PreferStatic: cfg.Interfaces.PreferStatic},
		shutdownWait: defaultShutdownWait,
	}, nil
}

func (r *ipfixReceiver) workerCount() int {
	if r.cfg.Workers > 0 {
		return r.cfg.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// Start binds the sockets first, so that a busy port fails start-up, then
// restores persisted state and starts workers and readers.
func (r *ipfixReceiver) Start(ctx context.Context, host component.Host) error {
	r.shutdownMux.Lock()
	err := r.start(ctx, host)
	r.shutdownMux.Unlock()
	if err != nil {
		return errors.Join(err, r.Shutdown(ctx))
	}
	return nil
}

func (r *ipfixReceiver) start(ctx context.Context, host component.Host) error {
	r.host = host
	conns, err := listenSockets(ctx, r.cfg)
	r.conns = conns
	if err != nil {
		return err
	}
	r.checkReceiveBuffer()
	r.tel = newReceiverTelemetry(r.tb, r.set.ID, r.workerCount())
	if err := r.startInterfaces(); err != nil {
		return err
	}
	r.workers = make([]*worker, r.workerCount())
	for i := range r.workers {
		r.workers[i] = newWorker(i, r)
	}
	if err := r.tel.registerGauges(newKernelDrops(r.socketInodes()).Total); err != nil {
		return err
	}
	if r.cfg.Storage != nil {
		if err := r.restoreState(ctx, host); err != nil {
			return err
		}
	}
	r.run()
	return nil
}

// run starts the goroutines. Their context is not Start's (start-up only):
// it is cancelled by Shutdown, and only if the consumer outlives the
// shutdown deadline.
func (r *ipfixReceiver) run() {
	runCtx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	for _, w := range r.workers {
		r.workersWG.Go(func() { w.run(runCtx) })
		r.workersWG.Go(func() { w.consume(runCtx) })
	}
	for _, conn := range r.conns {
		sr := newSocketReader(conn, r)
		r.readersWG.Go(sr.run)
	}
}

func (r *ipfixReceiver) socketInodes() []uint64 {
	inodes := make([]uint64, 0, len(r.conns))
	for _, c := range r.conns {
		if ino, err := socketInode(c); err == nil {
			inodes = append(inodes, ino)
		}
	}
	return inodes
}

// checkReceiveBuffer warns when the kernel granted less than
// read_buffer_size (it reports twice the usable size).
func (r *ipfixReceiver) checkReceiveBuffer() {
	if r.cfg.ReadBufferSize == 0 || len(r.conns) == 0 {
		return
	}
	got, err := receiveBufferSize(r.conns[0])
	if err == nil && got/2 < r.cfg.ReadBufferSize {
		r.set.Logger.Warn("socket receive buffer smaller than read_buffer_size; raise net.core.rmem_max or grant CAP_NET_ADMIN",
			zap.Int("read_buffer_size", r.cfg.ReadBufferSize), zap.Int("granted", got/2))
	}
}
