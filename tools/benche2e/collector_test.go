// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/plog/plogotlp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// collectorBin finds the otelcol-flows binary: OTELCOL_FLOWS_BIN (set by
// `make test`) or the repo's bin/. Without one the test skips, as building
// the distribution is not a unit test's job.
func collectorBin(t *testing.T) string {
	t.Helper()
	bin := os.Getenv("OTELCOL_FLOWS_BIN")
	if bin == "" {
		bin = filepath.Join("..", "..", "bin", "otelcol-flows")
	}
	if _, err := os.Stat(bin); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("no otelcol-flows binary at %s", bin)
		}
		t.Skipf("no otelcol-flows binary at %s (make build)", bin)
	}
	return bin
}

func sendLogs(t *testing.T, addr string, batches, perBatch int) {
	t.Helper()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer conn.Close()
	client := plogotlp.NewGRPCClient(conn)
	for range batches {
		ld := plog.NewLogs()
		lrs := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords()
		for range perBatch {
			lrs.AppendEmpty().Body().SetStr("flow")
		}
		_, err := client.Export(context.Background(), plogotlp.NewExportRequestFromLogs(ld))
		require.NoError(t, err)
	}
}

// TestCollectorMachinery runs the real collector with the otlp self-test
// config and checks every measurement the harness takes: records at the
// sink, the telemetry scrape, CPU, peak RSS, drain and a clean stop.
func TestCollectorMachinery(t *testing.T) {
	bin := collectorBin(t)
	sink, err := startSink("otlp", false)
	require.NoError(t, err)
	defer sink.Stop()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	col, err := startCollector(ctx, collectorOptions{
		bin: bin, config: filepath.Join("configs", "otlp-otlp.yaml"),
		logPath: filepath.Join(t.TempDir(), "collector.log"), sinkEndpoint: sink.Endpoint(),
		sockets: 1, workers: 1,
	})
	require.NoError(t, err)
	stopped := false
	defer func() {
		if !stopped {
			_ = col.stop()
		}
	}()
	b := &bench{col: col, out: sink, drainIdle: 5 * time.Second}
	before, err := b.snapshot(ctx)
	require.NoError(t, err)

	sendLogs(t, col.otlpAddr, 20, 500)
	b.drain(ctx, before.out+10_000)
	after, err := b.snapshot(ctx)
	require.NoError(t, err)

	var r stepResult
	r.fill(before, after)
	require.Equal(t, int64(10_000), r.Out)
	accepted := after.metrics.Sum("otelcol_receiver_accepted_log_records") - before.metrics.Sum("otelcol_receiver_accepted_log_records")
	require.InDelta(t, 10_000, accepted, 0, "the receiver's own count, from the telemetry scrape")
	// 10,000 small records may take less than one 10 ms clock tick; start-up
	// alone takes more.
	require.Positive(t, after.use.cpu)
	require.Greater(t, r.PeakRSS, uint64(10<<20))
	require.Zero(t, r.KernelDrops)

	stopped = true
	require.NoError(t, col.stop())
}
