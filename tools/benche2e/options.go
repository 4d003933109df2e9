// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

type options struct {
	collector  collectorOptions
	gen        genOptions
	sink       string
	enrich     enrichOptions
	rates      []float64
	step       time.Duration
	pause      time.Duration
	warmup     time.Duration
	warmupRate float64
	burst      time.Duration
	burstRate  float64
	timeout    time.Duration
	esSetup    string
	esValidate bool
	drainIdle  time.Duration
	metricsOut string
	refine     int
	peer       string
	peerBin    string
}

func defaultBin() string {
	if b := os.Getenv("OTELCOL_FLOWS_BIN"); b != "" {
		return b
	}
	return "bin/otelcol-flows"
}

func parseFlags(fs *flag.FlagSet, args []string) (options, error) {
	var o options
	rates := fs.String("rates", "50000,100000,200000,300000", "offered flows/s of each step")
	fs.StringVar(&o.collector.bin, "bin", defaultBin(), "otelcol-flows binary (env OTELCOL_FLOWS_BIN)")
	fs.StringVar(&o.collector.config, "config", "tools/benche2e/configs/ipfix-otlp.yaml", "collector config")
	fs.StringVar(&o.collector.logPath, "log", filepath.Join(os.TempDir(), "benche2e-collector.log"), "collector log file")
	fs.IntVar(&o.collector.sockets, "sockets", 2, "receiver sockets (BENCH_SOCKETS)")
	fs.IntVar(&o.collector.workers, "workers", 2, "receiver workers (BENCH_WORKERS)")
	fs.IntVar(&o.collector.readBuffer, "read-buffer", 16<<20, "receiver read_buffer_size per socket (BENCH_READ_BUFFER)")
	fs.StringVar(&o.sink, "sink", "otlp", "end of pipeline: otlp (counting OTLP/gRPC sink) or es (test Elasticsearch)")
	fs.StringVar(&o.enrich.dns, "dns", "answer", "the name server the enrichment asks (-sink es, configs/ipfix-enrich-otlp.yaml) answers every PTR query (answer), refuses (refuse), never answers (silent), or is dnsmasq answering NXDOMAIN with the zone's SOA (dnsmasq)")
	fs.StringVar(&o.enrich.dnsmasq, "dnsmasq", "/usr/sbin/dnsmasq", "dnsmasq binary for -dns dnsmasq")
	fs.Func("set", "a collector --set option, e.g. service::pipelines::logs::processors=[memory_limiter,geoip]; repeatable", func(v string) error {
		o.collector.set = append(o.collector.set, v)
		return nil
	})
	fs.StringVar(&o.gen.bin, "flowgen", "bin/flowgen", "flowgen binary")
	fs.StringVar(&o.gen.proto, "proto", "ipfix", "ipfix or v9")
	fs.IntVar(&o.gen.exporters, "exporters", 8, "exporter identities (127.0.0.2...)")
	fs.IntVar(&o.gen.senders, "senders", 1, "flowgen sending goroutines")
	fs.Uint64Var(&o.gen.seed, "seed", 1, "flowgen seed")
	fs.IntVar(&o.gen.hosts, "hosts", 5000, "distinct remote addresses per exporter and family (the DNS and GeoIP working set); 0: every flow a new source and destination address")
	fs.DurationVar(&o.step, "step", 15*time.Second, "duration of each rate step")
	fs.DurationVar(&o.pause, "pause", 2*time.Second, "pause between steps")
	fs.DurationVar(&o.warmup, "warmup", 3*time.Second, "unreported warm-up before the steps (caches, templates); 0 skips")
	fs.Float64Var(&o.warmupRate, "warmup-rate", 20000, "warm-up flows/s")
	fs.DurationVar(&o.burst, "burst", 0, "after the steps, one burst of this duration; 0 skips")
	fs.Float64Var(&o.burstRate, "burst-rate", 0, "burst flows/s; 0 means twice the highest zero-loss step")
	fs.StringVar(&o.esSetup, "es-setup", "scripts/es-setup.sh", "with -sink es: script that installs the index templates (ELASTICSEARCH_URL is set); empty skips")
	fs.BoolVar(&o.esValidate, "es-validate", false, "with -sink es: check every document against the template mappings, as the e2e tests do; off by default because it costs the harness about as much CPU as the collector it measures")
	fs.DurationVar(&o.drainIdle, "drain-idle", 5*time.Second, "after sending, stop waiting when nothing came out for this long")
	fs.StringVar(&o.metricsOut, "metrics-out", filepath.Join(os.TempDir(), "benche2e-metrics.txt"), "write the collector's telemetry at the end here; empty skips")
	fs.IntVar(&o.refine, "refine", 0, "after the steps, this many extra steps bisecting between the highest loss-free and the next lossy rate")
	fs.StringVar(&o.peer, "peer", "", "goflow2: run the same steps against goflow2, alternating with ours step by step, and print the comparison")
	fs.StringVar(&o.peerBin, "peer-bin", "bin/goflow2", "goflow2 binary for -peer goflow2")
	fs.DurationVar(&o.timeout, "timeout", 30*time.Minute, "stop everything after this long")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	var err error
	o.rates, err = parseRates(*rates)
	return o, errors.Join(err, o.validate())
}

func parseRates(s string) ([]float64, error) {
	var out []float64
	for part := range strings.SplitSeq(s, ",") {
		r, err := strconv.ParseFloat(strings.TrimSpace(part), 64)
		if err != nil || r <= 0 {
			return nil, fmt.Errorf("-rates: %q is not a positive rate", part)
		}
		out = append(out, r)
	}
	return out, nil
}

func (o *options) validate() error {
	var errs []error
	for _, p := range []string{o.collector.bin, o.collector.config, o.gen.bin} {
		if _, err := os.Stat(p); err != nil {
			errs = append(errs, err)
		}
	}
	if o.peer != "" {
		if o.peer != "goflow2" {
			errs = append(errs, fmt.Errorf("-peer %q: want goflow2 or nothing", o.peer))
		} else if _, err := os.Stat(o.peerBin); err != nil {
			errs = append(errs, fmt.Errorf("-peer-bin: %w", err))
		}
	}
	if o.step <= 0 {
		errs = append(errs, errors.New("-step must be positive"))
	}
	if o.sink != "otlp" && o.sink != "es" {
		errs = append(errs, fmt.Errorf("-sink %q: want otlp or es", o.sink))
	}
	switch o.enrich.dns {
	case "answer", "refuse", "silent", "dnsmasq":
	default:
		errs = append(errs, fmt.Errorf("-dns %q: want answer, refuse, silent or dnsmasq", o.enrich.dns))
	}
	return errors.Join(errs...)
}
