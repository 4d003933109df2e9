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
	rows, err := run(ctx, o)
	if len(rows) > 0 {
		printSummary(o, rows)
	}
	if err == nil && o.peer == "goflow2" {
		logf("peer goflow2 (%s): the same steps", o.peerBin)
		var peerRows []stepResult
		peerRows, err = runPeer(ctx, o)
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
	sink, err := startSink(o.sink, o.esValidate)
	if err != nil {
		return nil, err
	}
	defer sink.Stop()
	o.collector.sinkEndpoint = sink.Endpoint()
	// Every config may enrich (configs/ipfix-enrich-otlp.yaml does), and
	// the services cost nothing unless asked.
	env, stopEnrich, err := startEnrichment(sink.Endpoint(), o.enrich)
	if err != nil {
		return nil, err
	}
	defer stopEnrich()
	o.collector.extraEnv = env
	if o.sink == "es" {
		if err := runESSetup(ctx, o.esSetup, sink.Endpoint()); err != nil {
			return nil, err
		}
	}
	col, err := startCollector(ctx, o.collector)
	if err != nil {
		return nil, err
	}
	b := &bench{col: col, out: sink, opts: o.gen, drainIdle: o.drainIdle}
	b.opts.target = col.udpAddr
	rows, err := b.runAll(ctx, o)
	if o.metricsOut != "" {
		err = errors.Join(err, dumpMetrics(ctx, col, o.metricsOut))
	}
	return rows, errors.Join(err, col.stop())
}

// runAll runs the warm-up (not reported), each rate step, then the burst.
func (b *bench) runAll(ctx context.Context, o options) ([]stepResult, error) {
	if o.warmup > 0 {
		logf("warm-up: %.0f flows/s for %s", o.warmupRate, o.warmup)
		if _, err := b.runStep(ctx, "warm-up", o.warmupRate, o.warmup); err != nil {
			return nil, fmt.Errorf("warm-up: %w", err)
		}
	}
	var rows []stepResult
	for _, rate := range o.rates {
		r, err := b.loggedStep(ctx, o, "step", rate)
		if err != nil {
			return rows, err
		}
		rows = append(rows, r)
	}
	rows, err := b.refine(ctx, o, rows)
	if err != nil || o.burst <= 0 {
		return rows, err
	}
	rate := o.burstRate
	if rate == 0 {
		best, ok := highestZeroLoss(rows)
		if !ok {
			logf("burst skipped: no step without loss")
			return rows, nil
		}
		rate = 2 * best
	}
	logf("burst: %.0f flows/s for %s", rate, o.burst)
	r, err := b.runStep(ctx, fmt.Sprintf("burst %.0fk", rate/1000), rate, o.burst)
	if err != nil {
		return rows, err
	}
	return append(rows, r), nil
}

// loggedStep runs one step of o.step at rate, says what it did, and pauses
// before the next.
func (b *bench) loggedStep(ctx context.Context, o options, what string, rate float64) (stepResult, error) {
	logf("%s: %.0f flows/s for %s", what, rate, o.step)
	r, err := b.runStep(ctx, fmt.Sprintf("%.0fk", rate/1000), rate, o.step)
	if err != nil {
		return r, err
	}
	logf("  sent %d, out %d, loss %d, kernel drops %d", r.Gen.Flows, r.Out, r.Loss(), r.KernelDrops)
	time.Sleep(o.pause)
	return r, nil
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
func (b *bench) refine(ctx context.Context, o options, rows []stepResult) ([]stepResult, error) {
	for range o.refine {
		lo, _ := highestZeroLoss(rows)
		hi := lowestLossAbove(rows, lo)
		if hi == 0 || hi-lo < 2000 {
			return rows, nil
		}
		rate := float64(int((lo+hi)/2/1000) * 1000)
		r, err := b.loggedStep(ctx, o, "refine", rate)
		if err != nil {
			return rows, err
		}
		rows = append(rows, r)
	}
	return rows, nil
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
