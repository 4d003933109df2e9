// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver // import "github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver"

import (
	"context"
	"net"
	"sync"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/receiver"

	"github.com/otelcol-flows/otelcol-flows/internal/loadsignal"
	"github.com/otelcol-flows/otelcol-flows/internal/ratelog"
	"github.com/otelcol-flows/otelcol-flows/internal/udpingest"
	"github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver/internal/decoder"
	"github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver/internal/metadata"
)

// dataFormat names the payload in the receiver's obsreport metrics.
const dataFormat = "ipfix"

// ipfixReceiver wires the stages: udpingest's sockets, readers and queues,
// one NetFlow/IPFIX worker per queue, and a LogsSender to next.
type ipfixReceiver struct {
	set          receiver.Settings
	cfg          *Config
	next         consumer.Logs
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

	ingest      *udpingest.Ingest
	conns       []*net.UDPConn
	workers     []*worker
	pool        *udpingest.Pool
	store       *templateStore
	shutdownMux sync.Mutex
}

func newReceiver(set receiver.Settings, cfg *Config, next consumer.Logs) (*ipfixReceiver, error) {
	if _, err := udpingest.ParsePrefixes(cfg.AllowedExporters); err != nil {
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
		tb:           tb,
		tel:          newReceiverTelemetry(tb, set.ID, cfg.WorkerCount()),
		malformedLog: ratelog.New(set.Logger, 10*time.Second),
		consumerLog:  ratelog.New(set.Logger, 10*time.Second),
		samplingLog:  ratelog.New(set.Logger, time.Minute),
		interfaces:   &decoder.Interfaces{PreferStatic: cfg.Interfaces.PreferStatic},
		shutdownWait: defaultShutdownWait,
	}, nil
}

// Start binds the sockets first, so that a busy port fails start-up, then
// restores persisted state and starts workers and readers.
func (r *ipfixReceiver) Start(ctx context.Context, host component.Host) error {
	return udpingest.StartOrShutdown(ctx, &r.shutdownMux, &r.cfg.Config, udpingest.ReportTo(host, r.set.Logger, r.tel),
		func(in *udpingest.Ingest) error { return r.start(ctx, host, in) }, r.Shutdown)
}

func (r *ipfixReceiver) start(ctx context.Context, host component.Host, ingest *udpingest.Ingest) error {
	r.ingest, r.conns = ingest, ingest.Conns()
	if err := r.startInterfaces(); err != nil {
		return err
	}
	elements, err := r.cfg.CustomElements.table()
	if err != nil {
		return err
	}
	n := r.cfg.WorkerCount()
	dcfg := decoderConfig(r.cfg, n)
	dcfg.Interfaces, dcfg.Elements = r.interfaces, elements
	r.workers = make([]*worker, n)
	for i := range r.workers {
		r.workers[i] = newWorker(i, dcfg, r.tel, r.malformedLog)
		r.workers[i].samplingLog = r.samplingLog
	}
	if err := r.tel.registerGauges(ingest.KernelDrops); err != nil {
		return err
	}
	if r.cfg.Storage != nil {
		if err := r.restoreTemplates(ctx, host); err != nil {
			return err
		}
	}
	d, err := udpingest.NewDelivery(r.set, dataFormat, r.tel, r.consumerLog)
	if err != nil {
		return err
	}
	r.run(d)
	return nil
}

// restoreTemplates gives each worker the stored templates and options state
// of its exporters and starts the store's writer.
func (r *ipfixReceiver) restoreTemplates(ctx context.Context, host component.Host) error {
	store, err := openTemplateStore(ctx, host, *r.cfg.Storage, r.set.ID, r.set.Logger)
	if err != nil {
		return err
	}
	r.store = store
	err = store.restore(ctx, r.decoders())
	for _, w := range r.workers {
		r.tel.publishGauges(w.id, w.dec.Gauges())
	}
	return err
}

// decoders lists the workers' decoders, in worker order.
func (r *ipfixReceiver) decoders() []*decoder.Decoder {
	decs := make([]*decoder.Decoder, len(r.workers))
	for i, w := range r.workers {
		decs[i] = w.dec
	}
	return decs
}

// run starts the workers, which deliver through d, then the readers that
// feed them.
func (r *ipfixReceiver) run(d udpingest.Delivery) {
	set := udpingest.WorkerSettings{Batch: r.cfg.Batch, Housekeeping: housekeepingInterval(r.cfg), Telemetry: r.tel, Load: loadsignal.Default}
	workers := make([]*udpingest.Worker[udpingest.LogsBatch], len(r.workers))
	for i, w := range r.workers {
		w.store = r.store
		workers[i] = udpingest.NewWorker(r.ingest.Queue(i), udpingest.Decoder[udpingest.LogsBatch](w), set)
	}
	r.pool = udpingest.RunWorkers(workers, udpingest.Sender[udpingest.LogsBatch](udpingest.LogsSender(d, r.next)))
	r.ingest.Start()
}
