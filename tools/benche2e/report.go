// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"fmt"
	"io"
	"strings"
)

const tableHeader = `| step | target flows/s | sent flows/s | flows sent | records out | loss | kernel drops (pkts) | queue drops (pkts) | decode drops | export failed | seq-gap lost | blocked (s) | PTR lookups/s | collector CPU (cores) | CPU µs/flow | flowgen CPU (cores) | sink CPU (cores) | other processes (cores) | peak RSS (MB) | drain (s) |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
`

// writeTable writes the results as a Markdown table. Cores are CPU seconds
// per second of sending, so the collector's figure includes the work it did
// while draining.
func writeTable(w io.Writer, rows []stepResult) error {
	var b strings.Builder
	b.WriteString(tableHeader)
	for _, r := range rows {
		send := r.Gen.Duration
		perFlow := r.cpuPerFlow()
		fmt.Fprintf(&b, "| %s | %.0f | %.0f | %d | %d | %s | %d | %.0f | %.0f | %.0f | %.0f | %.1f | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %.0f | %.1f |\n",
			r.Name, r.TargetRate, r.Gen.FlowsPerSecond, r.Gen.Flows, r.Out, lossText(r),
			r.KernelDrops, r.QueueDrops, r.DecodeDrops, r.ExportFailed, r.SeqLost, r.Blocked, r.lookupRate(),
			r.CPU.Seconds()/send, perFlow, r.GenCPU.Seconds()/send, r.SinkCPU.Seconds()/send, r.others(),
			float64(r.PeakRSS)/(1<<20), r.Drain.Seconds())
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// lookupRate is reverse DNS lookups per second over the step, send and
// drain: what the name servers saw (once per lookup, more on retries).
func (r stepResult) lookupRate() float64 {
	if r.Wall <= 0 {
		return 0
	}
	return r.PTRLookups / r.Wall.Seconds()
}

// others is the CPU, in cores averaged over the step, that processes other
// than the collector, flowgen and this harness used: on a shared machine,
// what the collector could not have.
func (r stepResult) others() float64 {
	if r.Wall <= 0 {
		return 0
	}
	return (r.Machine - r.CPU - r.GenCPU - r.SinkCPU).Seconds() / r.Wall.Seconds()
}

func lossText(r stepResult) string {
	if r.Gen.Flows == 0 {
		return "-"
	}
	return fmt.Sprintf("%d (%.3f%%)", r.Loss(), 100*float64(r.Loss())/float64(r.Gen.Flows))
}

// highestZeroLoss is the highest target rate of a step with no loss at all:
// nothing missing at the sink and nothing dropped by the kernel.
func highestZeroLoss(rows []stepResult) (float64, bool) {
	best, ok := 0.0, false
	for _, r := range rows {
		if r.Loss() <= 0 && r.KernelDrops == 0 && r.Gen.Flows > 0 && r.TargetRate > best {
			best, ok = r.TargetRate, true
		}
	}
	return best, ok
}

// lowestLossAbove is the lowest target rate above floor of a step that lost
// flows, or 0 if none did.
func lowestLossAbove(rows []stepResult, floor float64) float64 {
	best := 0.0
	for _, r := range rows {
		lossy := r.Loss() > 0 || r.KernelDrops > 0
		if lossy && r.TargetRate > floor && (best == 0 || r.TargetRate < best) {
			best = r.TargetRate
		}
	}
	return best
}

// writeComparison is bench-compare's summary: each side's highest loss-free
// rate, its CPU per flow and peak RSS at that step, and the ratio of the
// rates, ours over goflow2's.
func writeComparison(w io.Writer, ours, peer []stepResult) error {
	var b strings.Builder
	b.WriteString("| collector | highest zero-loss flows/s | CPU µs/flow there | peak RSS (MB) there |\n|---|---:|---:|---:|\n")
	oursBest, ok1 := comparisonRow(&b, "otelcol-flows", ours)
	peerBest, ok2 := comparisonRow(&b, "goflow2", peer)
	if ok1 && ok2 {
		fmt.Fprintf(&b, "\nratio otelcol-flows / goflow2 (highest zero-loss rate): %.2f\n", oursBest/peerBest)
	} else {
		b.WriteString("\nratio: not measured (a side had no step without loss; start lower with -rates)\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func comparisonRow(b *strings.Builder, name string, rows []stepResult) (float64, bool) {
	best, ok := highestZeroLoss(rows)
	if !ok {
		fmt.Fprintf(b, "| %s | none | - | - |\n", name)
		return 0, false
	}
	for _, r := range rows {
		if r.TargetRate == best && r.Loss() <= 0 && r.KernelDrops == 0 {
			fmt.Fprintf(b, "| %s | %.0f | %.2f | %.0f |\n", name, best, r.cpuPerFlow(), float64(r.PeakRSS)/(1<<20))
			break
		}
	}
	return best, true
}

// cpuPerFlow is the measured process's CPU per record delivered, in µs.
func (r stepResult) cpuPerFlow() float64 {
	if r.Out <= 0 {
		return 0
	}
	return r.CPU.Seconds() / float64(r.Out) * 1e6
}
