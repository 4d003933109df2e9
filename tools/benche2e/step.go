// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"
	"errors"
	"os"
	"time"

	"github.com/otelcol-flows/otelcol-flows/tools/benche2e/internal/procstat"
	"github.com/otelcol-flows/otelcol-flows/tools/benche2e/internal/promtext"
)

// Metric names of the collector's own telemetry the harness reads.
const (
	mRecordsReceived = "otelcol_receiver_ipfix_records_received"
	mPacketsReceived = "otelcol_receiver_ipfix_packets_received"
	mPacketsDropped  = "otelcol_receiver_ipfix_packets_dropped"
	mRecordsDropped  = "otelcol_receiver_ipfix_records_dropped"
	mRecordsLost     = "otelcol_receiver_ipfix_records_lost"
	mBlocked         = "otelcol_receiver_ipfix_consumer_blocked_time"
	mExportFailed    = "otelcol_exporter_send_failed_log_records"
	mExporterQueue   = "otelcol_exporter_queue_size"
	mPTRLookups      = "otelcol_processor_reversedns_queries"
)

// stepResult is one row of the report.
type stepResult struct {
	Name         string
	TargetRate   float64
	Gen          genReport
	GenCPU       time.Duration
	Out          int64         // records at the end of the pipeline
	Received     float64       // records the receiver decoded
	KernelDrops  uint64        // datagrams, /proc/net/udp
	QueueDrops   float64       // packets, receiver queue full
	DecodeDrops  float64       // records, receiver decode drops
	SeqLost      float64       // records, from sequence number gaps
	ExportFailed float64       // records the exporter gave up on
	Blocked      float64       // seconds the receiver waited on the pipeline
	PTRLookups   float64       // reverse DNS lookups finished
	CPU          time.Duration // collector
	SinkCPU      time.Duration // this process: the sink or test Elasticsearch
	Machine      time.Duration // every process on the machine, busy CPU
	Wall         time.Duration // send plus drain
	Drain        time.Duration
	PeakRSS      uint64
}

// Loss is what was offered and did not come out.
func (r stepResult) Loss() int64 { return int64(r.Gen.Flows) - r.Out }

// snapshot is every counter the harness diffs across a step.
type snapshot struct {
	at      time.Time
	metrics promtext.Samples
	out     int64
	use     usage
	self    time.Duration
	machine time.Duration
}

type bench struct {
	name  string // in the log, for the peer's steps
	col   *collector
	out   outSink
	opts  genOptions
	steps int
	// sameDomains keeps every step on the warm-up's observation domains:
	// goflow2 counts no sequence gaps, and drops the data of a domain whose
	// templates it has not yet seen, which new domains each step would
	// charge to every step.
	sameDomains bool
	// drainIdle is how long the count at the end may stand still before the
	// rest is declared lost; above the exporters' flush intervals.
	drainIdle time.Duration
}

func (b *bench) snapshot(ctx context.Context) (snapshot, error) {
	s := snapshot{at: time.Now(), out: b.out.Records()}
	var err1, err2, err3, err4 error
	s.metrics, err1 = b.col.scrape(ctx)
	s.use, err2 = b.col.usage()
	s.self, err3 = procstat.CPUTime(os.Getpid())
	s.machine, err4 = procstat.MachineBusy()
	return s, errors.Join(err1, err2, err3, err4)
}

// runStep offers rate flows/s for d, waits for the pipeline to drain, and
// diffs the counters.
func (b *bench) runStep(ctx context.Context, name string, rate float64, d time.Duration) (stepResult, error) {
	res := stepResult{Name: name, TargetRate: rate}
	b.settle(ctx)
	if err := procstat.ResetPeak(b.col.pid()); err != nil {
		return res, err
	}
	before, err := b.snapshot(ctx)
	if err != nil {
		return res, err
	}
	o := b.opts
	o.rate, o.duration = rate, d
	// Each flowgen run is a new set of exporting processes whose sequence
	// numbers start at zero; new observation domains keep the receiver from
	// counting the restart as lost records.
	if !b.sameDomains || b.steps == 0 {
		b.steps++
	}
	o.domainBase = b.steps * 1000
	res.Gen, res.GenCPU, err = runFlowgen(ctx, o)
	if err != nil {
		return res, err
	}
	sent := time.Now()
	b.drain(ctx, before.out+int64(res.Gen.Flows))
	res.Drain = time.Since(sent)
	after, err := b.snapshot(ctx)
	if err != nil {
		return res, err
	}
	res.fill(before, after)
	return res, nil
}

// drain waits until want records have come out, or until the count has not
// moved for drainIdle (the rest is lost), or 60 seconds at most.
func (b *bench) drain(ctx context.Context, want int64) {
	last, lastMove := b.out.Records(), time.Now()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		n := b.out.Records()
		if n >= want {
			return
		}
		if n != last {
			last, lastMove = n, time.Now()
		} else if time.Since(lastMove) > b.drainIdle {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// settle waits, at most a minute, until the previous step's backlog is gone:
// the exporters' queues empty and nothing arriving at the end for a second.
// Otherwise a step after an overload would be credited with its leftovers.
func (b *bench) settle(ctx context.Context) { b.settleWithin(ctx, time.Minute) }

func (b *bench) settleWithin(ctx context.Context, limit time.Duration) {
	deadline := time.Now().Add(limit)
	last, lastMove := b.out.Records(), time.Now()
	for time.Now().Before(deadline) && ctx.Err() == nil {
		n := b.out.Records()
		if n != last {
			last, lastMove = n, time.Now()
		}
		ss, err := b.col.scrape(ctx)
		if err == nil && ss.Sum(mExporterQueue) == 0 && time.Since(lastMove) >= time.Second {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func (r *stepResult) fill(before, after snapshot) {
	diff := func(name string) float64 { return after.metrics.Sum(name) - before.metrics.Sum(name) }
	r.Out = after.out - before.out
	r.Received = diff(mRecordsReceived)
	r.QueueDrops = diff(mPacketsDropped)
	r.DecodeDrops = diff(mRecordsDropped)
	r.SeqLost = diff(mRecordsLost)
	r.Blocked = diff(mBlocked)
	r.ExportFailed = diff(mExportFailed)
	r.PTRLookups = diff(mPTRLookups)
	r.KernelDrops = after.use.udp.Drops - before.use.udp.Drops
	r.CPU = after.use.cpu - before.use.cpu
	r.SinkCPU = after.self - before.self
	r.Wall = after.at.Sub(before.at)
	r.Machine = after.machine - before.machine
	r.PeakRSS = after.use.mem.Peak
}
