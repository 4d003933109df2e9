// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package sflowreceiver // import "github.com/otelcol-flows/otelcol-flows/receiver/sflowreceiver"

import (
	"context"
	"sync"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/receiver"

	"github.com/otelcol-flows/otelcol-flows/internal/loadsignal"
	"github.com/otelcol-flows/otelcol-flows/internal/ratelog"
	"github.com/otelcol-flows/otelcol-flows/internal/udpingest"
	"github.com/otelcol-flows/otelcol-flows/receiver/sflowreceiver/internal/decoder"
	"github.com/otelcol-flows/otelcol-flows/receiver/sflowreceiver/internal/metadata"
)

const (
	// dataFormat names the payload in the receiver's obsreport metrics.
	dataFormat = "sflow"
	// shutdownWait bounds Shutdown's wait for the last batches when its
	// context has no deadline (the collector's has none).
	shutdownWait = 10 * time.Second
)

// sflowReceiver wires the stages: udpingest's sockets, readers and
// queues, one sFlow worker per queue, and a sender per pipeline.
type sflowReceiver struct {
	set     receiver.Settings
	cfg     *Config
	logs    consumer.Logs    // nil without a logs pipeline
	metrics consumer.Metrics // nil without a metrics pipeline
	tb      *metadata.TelemetryBuilder
	tel     *receiverTelemetry

	ingest      *udpingest.Ingest
	pool        *udpingest.Pool
	shutdownMux sync.Mutex
}

func newReceiver(set receiver.Settings, cfg *Config) (*sflowReceiver, error) {
	tb, err := metadata.NewTelemetryBuilder(set.TelemetrySettings)
	if err != nil {
		return nil, err
	}
	return &sflowReceiver{set: set, cfg: cfg, tb: tb, tel: newReceiverTelemetry(tb, set.ID, cfg.WorkerCount())}, nil
}

// Start binds the sockets, so that a busy port fails start-up, then starts
// workers and readers.
func (r *sflowReceiver) Start(ctx context.Context, host component.Host) error {
	return udpingest.StartOrShutdown(ctx, &r.shutdownMux, &r.cfg.Config, udpingest.ReportTo(host, r.set.Logger, r.tel),
		r.start, r.Shutdown)
}

func (r *sflowReceiver) start(ingest *udpingest.Ingest) error {
	n := r.cfg.WorkerCount()
	r.ingest = ingest
	if err := r.tel.registerGauges(ingest.KernelDrops); err != nil {
		return err
	}
	errLog := ratelog.New(r.set.Logger, 10*time.Second)
	set := udpingest.WorkerSettings{Batch: r.cfg.Batch, Housekeeping: housekeepingInterval, Telemetry: r.tel, Load: loadsignal.Default}
	workers := make([]*udpingest.Worker[batch], n)
	for i := range workers {
		w := &worker{id: i, dec: decoder.New(decoderConfig(r.cfg, n)), batch: decoder.NewBatch(), tel: r.tel, errLog: errLog}
		workers[i] = udpingest.NewWorker(ingest.Queue(i), udpingest.Decoder[batch](w), set)
	}
	s, err := r.sender()
	if err != nil {
		return err
	}
	r.pool = udpingest.RunWorkers(workers, udpingest.Sender[batch](s))
	ingest.Start()
	return nil
}

func (r *sflowReceiver) sender() (*sender, error) {
	d, err := udpingest.NewDelivery(r.set, dataFormat, r.tel, ratelog.New(r.set.Logger, 10*time.Second))
	if err != nil {
		return nil, err
	}
	s := &sender{}
	if r.logs != nil {
		s.logs = udpingest.LogsSender(d, r.logs)
	}
	if r.metrics != nil {
		s.metrics = udpingest.MetricsSender(d, r.metrics)
	}
	return s, nil
}

// Shutdown closes the sockets, lets the workers decode what is queued and
// deliver it, and waits for every goroutine. It works without Start and
// more than once.
func (r *sflowReceiver) Shutdown(ctx context.Context) error {
	r.shutdownMux.Lock()
	defer r.shutdownMux.Unlock()
	err := udpingest.Stop(ctx, r.ingest, r.pool, shutdownWait)
	r.ingest, r.pool = nil, nil
	r.tb.Shutdown()
	return err
}
