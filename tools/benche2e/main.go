// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Command benche2e is the end-to-end load harness: it starts otelcol-flows
// with a benchmark config, drives flowgen at a series of rates on loopback,
// and reports for each rate what came out at the end of the pipeline, what
// was lost and where, CPU and peak memory, as a Markdown table.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

func main() {
	o, err := parseFlags(flag.CommandLine, os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "benche2e:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	var rows, peerRows []stepResult
	if o.peer == "goflow2" {
		rows, peerRows, err = runCompare(ctx, o)
	} else {
		rows, err = run(ctx, o)
	}
	if len(rows) > 0 {
		printSummary(o, rows)
	}
	if len(peerRows) > 0 {
		fmt.Printf("\ngoflow2 (%s, its defaults, JSON lines to the harness)\n\n", o.peerBin)
		_ = writeTable(os.Stdout, peerRows)
		fmt.Println()
		_ = writeComparison(os.Stdout, rows, peerRows)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benche2e:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, o options) ([]stepResult, error) {
	b, stop, err := startOurs(ctx, o)
	if err != nil {
		return nil, err
	}
	rows, err := b.runAll(ctx, o)
	return rows, errors.Join(err, stop(ctx))
}

// startOurs starts the sink, the enrichment services and otelcol-flows. stop
// writes the collector's metrics when -metrics-out asks for them, then stops
// all three.
func startOurs(ctx context.Context, o options) (*bench, func(context.Context) error, error) {
	sink, err := startSink(o.sink, o.esValidate)
	if err != nil {
		return nil, nil, err
	}
	o.collector.sinkEndpoint = sink.Endpoint()
	// Every config may enrich (configs/ipfix-enrich-otlp.yaml does), and
	// the services cost nothing unless asked.
	env, stopEnrich, err := startEnrichment(sink.Endpoint(), o.enrich)
	if err != nil {
		sink.Stop()
		return nil, nil, err
	}
	stopServices := func() { stopEnrich(); sink.Stop() }
	o.collector.extraEnv = env
	if o.sink == "es" {
		if err := runESSetup(ctx, o.esSetup, sink.Endpoint()); err != nil {
			stopServices()
			return nil, nil, err
		}
	}
	col, err := startCollector(ctx, o.collector)
	if err != nil {
		stopServices()
		return nil, nil, err
	}
	b := &bench{name: "otelcol-flows", col: col, out: sink, opts: o.gen, drainIdle: o.drainIdle}
	b.opts.target = col.udpAddr
	stop := func(ctx context.Context) error {
		defer stopServices()
		var err error
		if o.metricsOut != "" {
			err = dumpMetrics(ctx, col, o.metricsOut)
		}
		return errors.Join(err, col.stop())
	}
	return b, stop, nil
}

// runAll runs the warm-up (not reported), each rate step, the bisection, then the burst.
func (b *bench) runAll(ctx context.Context, o options) ([]stepResult, error) {
	if err := b.warmUp(ctx, o); err != nil {
		return nil, err
	}
	var rows []stepResult
	for _, rate := range o.rates {
		r, err := b.loggedStep(ctx, o, "step", rate)
		if err != nil {
			return rows, err
		}
		rows = append(rows, r)
	}
	for range o.refine {
		rate, ok := nextRefineRate(rows)
		if !ok {
			break
		}
		r, err := b.loggedStep(ctx, o, "refine", rate)
		if err != nil {
			return rows, err
		}
		rows = append(rows, r)
	}
	return b.burst(ctx, o, rows)
}

func (b *bench) warmUp(ctx context.Context, o options) error {
	if o.warmup <= 0 {
		return nil
	}
	b.logf("warm-up: %.0f flows/s for %s", o.warmupRate, o.warmup)
	if _, err := b.runStep(ctx, "warm-up", o.warmupRate, o.warmup); err != nil {
		return fmt.Errorf("%s warm-up: %w", b.name, err)
	}
	return nil
}

// burst appends a step of o.burst at o.burstRate, or at twice the highest
// zero-loss rate of rows.
func (b *bench) burst(ctx context.Context, o options, rows []stepResult) ([]stepResult, error) {
	if o.burst <= 0 {
		return rows, nil
	}
	rate := o.burstRate
	if rate == 0 {
		best, ok := highestZeroLoss(rows)
		if !ok {
			b.logf("burst skipped: no step without loss")
			return rows, nil
		}
		rate = 2 * best
	}
	b.logf("burst: %.0f flows/s for %s", rate, o.burst)
	r, err := b.runStep(ctx, fmt.Sprintf("burst %.0fk", rate/1000), rate, o.burst)
	if err != nil {
		return rows, err
	}
	return append(rows, r), nil
}

// loggedStep runs one step of o.step at rate, says what it did, and pauses
// before the next.
func (b *bench) loggedStep(ctx context.Context, o options, what string, rate float64) (stepResult, error) {
	b.logf("%s: %.0f flows/s for %s", what, rate, o.step)
	r, err := b.runStep(ctx, fmt.Sprintf("%.0fk", rate/1000), rate, o.step)
	if err != nil {
		return r, err
	}
	b.logf("  sent %d, out %d, loss %d, kernel drops %d", r.Gen.Flows, r.Out, r.Loss(), r.KernelDrops)
	time.Sleep(o.pause)
	return r, nil
}

// logf prefixes the bench's name when a run has more than one side.
func (b *bench) logf(format string, args ...any) {
	if b.name != "" && b.name != "otelcol-flows" {
		format = b.name + ": " + format
	}
	logf(format, args...)
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, time.Now().UTC().Format("15:04:05 ")+format+"\n", args...)
}

func printSummary(o options, rows []stepResult) {
	fmt.Printf("config %s, sink %s, %s from %d exporters, %s\n",
		o.collector.config, o.sink, o.gen.proto, o.gen.exporters, receiverSettings(o.collector))
	hosts := fmt.Sprintf("%d remote hosts per exporter and family", o.gen.hosts)
	if o.gen.hosts == 0 {
		hosts = "every source and destination address distinct"
	}
	fmt.Printf("%s", hosts)
	fmt.Printf(", DNS %s", o.enrich.dns)
	for _, s := range o.collector.set {
		fmt.Printf(", --set %s", s)
	}
	fmt.Printf("\n\n")
	_ = writeTable(os.Stdout, rows)
	if best, ok := highestZeroLoss(rows); ok {
		fmt.Printf("\nhighest rate with zero loss: %.0f flows/s\n", best)
	} else {
		fmt.Printf("\nno step without loss\n")
	}
}

// dumpMetrics writes the collector's telemetry at the end of the run, for
// the counters the table does not show.
func dumpMetrics(ctx context.Context, col *collector, path string) error {
	ss, err := col.scrape(ctx)
	if err != nil {
		return err
	}
	var b strings.Builder
	for _, s := range ss {
		fmt.Fprintf(&b, "%s{%s} %g\n", s.Name, s.Labels, s.Value)
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// refine bisects between the highest loss-free rate and the lowest lossy
// rate above it, o.refine more steps, to narrow down the capacity.
// nextRefineRate bisects between the highest zero-loss step of rows and the
// lowest lossy one above it, to the thousand; ok is false when they are
// within 2,000 flows/s or there is no lossy step above.
func nextRefineRate(rows []stepResult) (float64, bool) {
	lo, _ := highestZeroLoss(rows)
	hi := lowestLossAbove(rows, lo)
	if hi == 0 || hi-lo < 2000 {
		return 0, false
	}
	return float64(int((lo+hi)/2/1000) * 1000), true
}

// receiverSettings names the sockets, workers and buffer the harness passed,
// or says that the config does not read them (the shipped defaults).
func receiverSettings(c collectorOptions) string {
	cfg, err := os.ReadFile(c.config)
	if err == nil && !strings.Contains(string(cfg), "BENCH_SOCKETS") {
		return "receiver settings from the config (-sockets, -workers, -read-buffer unused)"
	}
	return fmt.Sprintf("sockets %d, workers %d, read_buffer_size %d", c.sockets, c.workers, c.readBuffer)
}
