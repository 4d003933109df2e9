// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func row(name string, rate float64, sent uint64, out int64, kernel uint64) stepResult {
	return stepResult{Name: name, TargetRate: rate, Out: out, KernelDrops: kernel,
		Gen: genReport{Flows: sent, Duration: 10, FlowsPerSecond: float64(sent) / 10},
		CPU: 5 * time.Second, PeakRSS: 100 << 20}
}

func TestHighestZeroLoss(t *testing.T) {
	rows := []stepResult{
		row("50k", 50_000, 500_000, 500_000, 0),
		row("100k", 100_000, 1_000_000, 1_000_000, 0),
		row("200k", 200_000, 2_000_000, 1_999_000, 3),
		row("300k", 300_000, 3_000_000, 3_000_000, 12), // all out after retries, but the kernel dropped
	}
	best, ok := highestZeroLoss(rows)
	require.True(t, ok)
	require.InDelta(t, 100_000, best, 0)
	_, ok = highestZeroLoss(rows[2:])
	require.False(t, ok)
}

func TestLowestLossAbove(t *testing.T) {
	rows := []stepResult{
		row("50k", 50_000, 500_000, 500_000, 0),
		row("300k", 300_000, 3_000_000, 2_000_000, 0),
		row("200k", 200_000, 2_000_000, 1_999_000, 0),
		row("20k", 20_000, 200_000, 199_000, 0), // noise below the floor
	}
	require.InDelta(t, 200_000, lowestLossAbove(rows, 50_000), 0)
	require.Zero(t, lowestLossAbove(rows[:1], 50_000))
}

func TestWriteTable(t *testing.T) {
	var b strings.Builder
	require.NoError(t, writeTable(&b, []stepResult{row("200k", 200_000, 2_000_000, 1_999_000, 3)}))
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	require.Len(t, lines, 3)
	require.Equal(t, strings.Count(lines[0], "|"), strings.Count(lines[2], "|"), "columns line up")
	require.Equal(t, strings.Count(lines[0], "|"), strings.Count(lines[1], "|"), "separator")
	require.Contains(t, lines[2], "| 1000 (0.050%) |")
	require.Contains(t, lines[2], "| 0.50 | 2.50 |", "cores and µs per flow")
	require.Contains(t, lines[2], "| 100 |", "peak RSS in MB")
}

func TestParseRates(t *testing.T) {
	r, err := parseRates("50000, 1e5")
	require.NoError(t, err)
	require.Equal(t, []float64{50_000, 100_000}, r)
	_, err = parseRates("50000,-1")
	require.Error(t, err)
}

func TestWriteComparison(t *testing.T) {
	ours, peer := []stepResult{
		row("100k", 100_000, 1_000_000, 1_000_000, 0),
		row("300k", 300_000, 3_000_000, 3_000_000, 0),
		row("400k", 400_000, 4_000_000, 3_900_000, 0),
	}, []stepResult{
		row("100k", 100_000, 1_000_000, 1_000_000, 0),
		row("200k", 200_000, 2_000_000, 2_000_000, 0),
		row("300k", 300_000, 3_000_000, 2_999_000, 0),
	}
	var b strings.Builder
	require.NoError(t, writeComparison(&b, ours, peer))
	require.Contains(t, b.String(), "| otelcol-flows | 300000 | 1.67 | 100 |", "CPU per flow and RSS at the best step")
	require.Contains(t, b.String(), "| goflow2 | 200000 | 2.50 | 100 |")
	require.Contains(t, b.String(), "goflow2 (highest zero-loss rate): 1.50\n")

	b.Reset()
	require.NoError(t, writeComparison(&b, ours, peer[2:]))
	require.Contains(t, b.String(), "| goflow2 | none |")
	require.Contains(t, b.String(), "ratio: not measured")
}

func TestReceiverSettingsNamesWhatTheConfigReads(t *testing.T) {
	c := collectorOptions{config: "configs/ipfix-otlp.yaml", sockets: 2, workers: 3, readBuffer: 1 << 20}
	require.Equal(t, "sockets 2, workers 3, read_buffer_size 1048576", receiverSettings(c))
	c.config = "configs/ipfix-defaults-otlp.yaml"
	require.Contains(t, receiverSettings(c), "from the config")
}
