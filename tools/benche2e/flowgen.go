// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"strconv"
	"time"
)

// genReport is the JSON line flowgen prints (the fields the harness uses).
type genReport struct {
	Packets        uint64  `json:"packets"`
	Flows          uint64  `json:"flows"`
	Bytes          uint64  `json:"bytes"`
	SendErrors     uint64  `json:"send_errors"`
	Duration       float64 `json:"duration_s"`
	FlowsPerSecond float64 `json:"flows_per_s"`
}

// genOptions is how flowgen is run for a step.
type genOptions struct {
	bin, proto, target string
	exporters, senders int
	seed               uint64
	domainBase         int
	hosts              int
	rate               float64
	duration           time.Duration
}

// runFlowgen runs flowgen to completion and returns its report and the CPU
// time it used (the generator shares the two cores with the collector).
func runFlowgen(ctx context.Context, o genOptions) (genReport, time.Duration, error) {
	cmd := exec.CommandContext(ctx, o.bin,
		"-target", o.target, "-proto", o.proto,
		"-exporters", strconv.Itoa(o.exporters), "-senders", strconv.Itoa(o.senders),
		"-seed", strconv.FormatUint(o.seed, 10), "-domain-base", strconv.Itoa(o.domainBase),
		"-hosts", strconv.Itoa(o.hosts),
		// Each step is a new flowgen process, i.e. exporters restarted on new ports. A collector
		// that decodes on several workers (goflow2) drops the data it decodes before the template
		// that came a packet earlier; the lead keeps that start-up race out of a throughput step.
		"-template-lead", "200ms",
		"-rate", strconv.FormatFloat(o.rate, 'f', 0, 64), "-duration", o.duration.String())
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return genReport{}, 0, fmt.Errorf("flowgen: %w: %s", err, stderr.String())
	}
	var rep genReport
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		return rep, 0, fmt.Errorf("flowgen report %q: %w", stdout.String(), err)
	}
	return rep, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), nil
}
