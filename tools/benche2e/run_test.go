// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// buildFlowgen builds the generator the harness runs.
func buildFlowgen(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "flowgen")
	out, err := exec.Command("go", "build", "-o", bin, "../flowgen").CombinedOutput()
	require.NoError(t, err, string(out))
	return bin
}

// ipfixCollector is the otelcol-flows binary; the test is skipped where it
// has no ipfix receiver.
func ipfixCollector(t *testing.T) string {
	t.Helper()
	bin := collectorBin(t)
	comps, err := exec.Command(bin, "components").Output()
	require.NoError(t, err)
	if !strings.Contains(string(comps), "- name: ipfix\n") {
		t.Skip("this otelcol-flows binary has no ipfix receiver")
	}
	return bin
}

// ipfixOptions runs flowgen's IPFIX through bin (ipfix -> otlp_grpc) to the
// OTLP sink, a step per rate.
func ipfixOptions(t *testing.T, bin string, rates ...float64) options {
	t.Helper()
	return options{
		collector: collectorOptions{
			bin: bin, config: filepath.Join("configs", "ipfix-otlp.yaml"),
			logPath: filepath.Join(t.TempDir(), "collector.log"), sockets: 2, workers: 2, readBuffer: 4 << 20,
		},
		gen:       genOptions{bin: buildFlowgen(t), proto: "ipfix", exporters: 3, senders: 1, seed: 7, hosts: 100},
		sink:      "otlp",
		enrich:    enrichOptions{dns: "answer"},
		rates:     rates,
		step:      2 * time.Second,
		drainIdle: 5 * time.Second,
	}
}

// TestRunAgainstIPFIXReceiver is the harness end to end at a rate any
// machine sustains: flowgen -> otelcol-flows (ipfix -> otlp_grpc) -> sink.
// Every flow must come out and the counters must add up.
func TestRunAgainstIPFIXReceiver(t *testing.T) {
	bin := ipfixCollector(t)
	o := ipfixOptions(t, bin, 5000)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	rows, err := run(ctx, o)
	require.NoError(t, err)
	require.Len(t, rows, 1)
	r := rows[0]
	require.InDelta(t, 10_000, float64(r.Gen.Flows), 200)
	require.Equal(t, int64(r.Gen.Flows), r.Out, "every flow reaches the sink")
	require.InDelta(t, float64(r.Gen.Flows), r.Received, 0, "the receiver's own count agrees")
	require.Zero(t, r.KernelDrops)
	require.Zero(t, r.QueueDrops)
	require.Zero(t, r.SeqLost)
	require.Positive(t, r.CPU)
	require.Positive(t, r.PeakRSS)
}

// TestRunCompareWithGoflow2 drives otelcol-flows and goflow2 v2.2.6 (built
// from the module proxy at the version tools/go.mod pins) through the same
// steps, alternating: every flow must come out of ours, and goflow2's must
// be counted as one JSON line each.
func TestRunCompareWithGoflow2(t *testing.T) {
	bin := ipfixCollector(t)
	peer := filepath.Join(t.TempDir(), "goflow2")
	out, err := exec.Command("go", "build", "-o", peer, "github.com/netsampler/goflow2/v2/cmd/goflow2").CombinedOutput()
	require.NoError(t, err, string(out))
	o := ipfixOptions(t, bin, 5000, 5000)
	// goflow2 drops data whose templates it has not seen; the warm-up
	// teaches them, as in bench-compare.
	o.warmup, o.warmupRate = time.Second, 2000
	o.peer, o.peerBin = "goflow2", peer
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	ours, peerRows, err := runCompare(ctx, o)
	require.NoError(t, err)
	require.Len(t, ours, 2)
	for _, r := range ours {
		require.InDelta(t, 10_000, float64(r.Gen.Flows), 200)
		require.Equal(t, int64(r.Gen.Flows), r.Out, "every flow reaches our sink")
	}
	require.Len(t, peerRows, 2)
	for _, r := range peerRows {
		require.InDelta(t, 10_000, float64(r.Gen.Flows), 200)
		// Each step's flowgen is a new process (a new source port), and
		// goflow2 drops the first data packets that reach a worker before
		// its template does: a datagram or two per step on a busy machine.
		// What comes out must still be counted, line for line.
		require.Positive(t, r.Out)
		require.LessOrEqual(t, r.Out, int64(r.Gen.Flows), "never more lines than flows")
		require.Less(t, r.Loss(), int64(r.Gen.Flows)/100, "goflow2 delivers nearly every flow as a JSON line")
		require.Zero(t, r.KernelDrops)
		require.Positive(t, r.CPU)
		require.Positive(t, r.PeakRSS)
	}
}
