// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Command flowgen sends synthetic NetFlow v9 or IPFIX export packets to a
// collector on loopback, from one or many exporter identities, at a fixed
// flow rate or as fast as it can, and prints what it sent as one JSON line.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	cfg, err := parseFlags(flag.CommandLine, os.Args[1:])
	if err != nil {
		exit(err, 2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	rep, err := run(ctx, cfg)
	if err == nil {
		err = json.NewEncoder(os.Stdout).Encode(rep)
	}
	if err != nil {
		exit(err, 1)
	}
}

// exit reports err on standard error and exits with code: 2 for a usage
// error, 1 for a failed run.
func exit(err error, code int) {
	fmt.Fprintln(os.Stderr, "flowgen:", err)
	os.Exit(code)
}

// report is the JSON line flowgen prints when it stops.
type report struct {
	Version         int     `json:"version"`
	Target          string  `json:"target"`
	Exporters       int     `json:"exporters"`
	Senders         int     `json:"senders"`
	Seed            uint64  `json:"seed"`
	OfferedRate     float64 `json:"target_flows_per_s"`
	DurationSeconds float64 `json:"duration_s"`
	Packets         uint64  `json:"packets"`
	TemplatePackets uint64  `json:"template_packets"`
	Flows           uint64  `json:"flows"`
	Bytes           uint64  `json:"bytes"`
	SendErrors      uint64  `json:"send_errors"`
	FlowsPerSecond  float64 `json:"flows_per_s"`
	PacketsPerSec   float64 `json:"packets_per_s"`
}

func newReport(cfg config, c counts, elapsed time.Duration) report {
	secs := elapsed.Seconds()
	return report{
		Version: int(cfg.version), Target: cfg.target.String(), Exporters: cfg.exporters,
		Senders: cfg.senders, Seed: cfg.seed, OfferedRate: cfg.rate, DurationSeconds: secs,
		Packets: c.Packets, TemplatePackets: c.TemplatePackets, Flows: c.Flows, Bytes: c.Bytes,
		SendErrors: c.SendErrors, FlowsPerSecond: float64(c.Flows) / secs, PacketsPerSec: float64(c.Packets) / secs,
	}
}
