// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package elasticsearch

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/open-telemetry/opentelemetry-collector-contrib/exporter/elasticsearchexporter"
	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/golden"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/config/configoptional"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/exporter"
	"go.opentelemetry.io/collector/exporter/exporterhelper"
	"go.opentelemetry.io/collector/exporter/exportertest"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/processor/processortest"

	"github.com/otelcol-flows/otelcol-flows/internal/estest"
	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
	"github.com/otelcol-flows/otelcol-flows/processor/ecsdocumentprocessor"
)

// benchBatch documents per bulk request, as the shipped exporter batches.
const benchBatch = 1000

// BenchmarkExporter compares the two ways to write ECS documents with the
// upstream elasticsearch exporter (v0.156.0) into the test Elasticsearch
// (in this process, with the templates of this package; documents are only
// counted, unless ESTEST_VALIDATE is set, so that the server does not take
// CPU from what is measured): ecsdocument + bodymap mode, and the exporter's
// own ecs mode (which needs data streams). Two goroutines send synchronously, one
// bulk request of 1000 documents per call, no compression (loopback).
// It lives here, not beside the ecsdocument processor, so that the processor's
// module does not require the exporter.
func BenchmarkExporter(b *testing.B) {
	b.Run("bodymap", func(b *testing.B) {
		es := benchServer(b, false)
		exp := benchExporter(b, es.URL(), true)
		f := ecsdocumentprocessor.NewFactory()
		p, err := f.CreateLogs(context.Background(), processortest.NewNopSettings(f.Type()), f.CreateDefaultConfig(), exp)
		require.NoError(b, err)
		runExporterBench(b, es, prebuilt(b, nil), p)
	})
	b.Run("ecs", func(b *testing.B) {
		es := benchServer(b, true)
		exp := benchExporter(b, es.URL(), false)
		batches := prebuilt(b, func(ld plog.Logs) {
			sl := ld.ResourceLogs().At(0).ScopeLogs().At(0)
			sl.Scope().Attributes().PutStr("elastic.mapping.mode", "ecs")
			for _, lr := range sl.LogRecords().All() {
				lr.Attributes().PutStr("data_stream.dataset", "flows")
			}
		})
		runExporterBench(b, es, batches, exp)
	})
}

// prebuilt returns b.N batches of benchBatch flow records (the ecsdocument
// processor's golden input flow, with distinct counters so that document ids
// differ), made before the timer starts: shaping moves the attributes, so
// every iteration needs its own input. Run with a fixed -benchtime=Nx: they
// all stay in memory.
func prebuilt(b *testing.B, mutate func(plog.Logs)) chan plog.Logs {
	b.Helper()
	in, err := golden.ReadLogs(filepath.Join("..", "..", "processor", "ecsdocumentprocessor", "testdata", "flow", "input.yaml"))
	require.NoError(b, err)
	flow := in.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0)
	ch := make(chan plog.Logs, b.N)
	for n := range b.N {
		ld := plog.NewLogs()
		rl := ld.ResourceLogs().AppendEmpty()
		in.ResourceLogs().At(0).Resource().CopyTo(rl.Resource())
		lrs := rl.ScopeLogs().AppendEmpty().LogRecords()
		for i := range benchBatch {
			lr := lrs.AppendEmpty()
			flow.CopyTo(lr)
			lr.Attributes().PutInt("source.bytes", int64(n*benchBatch+i))
		}
		if mutate != nil {
			mutate(ld)
		}
		ch <- ld
	}
	close(ch)
	return ch
}

func runExporterBench(b *testing.B, es *estest.Server, batches chan plog.Logs, next consumer.Logs) {
	b.Helper()
	b.ReportAllocs()
	b.SetParallelism(1) // GOMAXPROCS goroutines: both cores, as the issue measured
	cpu0 := testutil.CPUTime()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := next.ConsumeLogs(context.Background(), <-batches); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	cpu := testutil.CPUTime() - cpu0
	c := es.Counts()
	if c.Created != b.N*benchBatch || c.Failed != 0 {
		b.Fatalf("estest counts %+v, want %d created", c, b.N*benchBatch)
	}
	b.ReportMetric(float64(b.N*benchBatch)/b.Elapsed().Seconds(), "docs/s")
	// The machine is shared: docs per CPU-second of this process (collector
	// side and test server together) does not depend on what else runs.
	b.ReportMetric(float64(b.N*benchBatch)/cpu.Seconds(), "docs/cpu-s")
	b.ReportMetric(0, "ns/op")
}

// benchServer starts estest with the otelcol-flows templates; for ecs mode
// the index template also declares the data stream the exporter requires.
func benchServer(b *testing.B, dataStream bool) *estest.Server {
	b.Helper()
	es, err := estest.NewServer(estest.Options{SkipValidation: os.Getenv("ESTEST_VALIDATE") == ""})
	require.NoError(b, err)
	b.Cleanup(func() { _ = es.Close() })
	for _, name := range []string{"settings", "ecs", "netflow"} {
		putFile(b, es.URL()+"/_component_template/flows-"+name, "component-"+name+".json")
	}
	tmpl := `{"index_patterns":["flows-*"],"priority":200,"composed_of":["flows-settings","flows-ecs","flows-netflow"],
		"template":{"mappings":{"date_detection":false}}}`
	if dataStream {
		tmpl = `{"index_patterns":["logs-flows-*"],"priority":200,"data_stream":{},"composed_of":["flows-settings","flows-ecs","flows-netflow"],
			"template":{"mappings":{"date_detection":false}}}`
	}
	put(b, es.URL()+"/_index_template/flows", strings.NewReader(tmpl))
	return es
}

func benchExporter(b *testing.B, url string, dynamicID bool) exporter.Logs {
	b.Helper()
	f := elasticsearchexporter.NewFactory()
	cfg := f.CreateDefaultConfig().(*elasticsearchexporter.Config)
	cfg.Endpoints = []string{url}
	cfg.Compression = "none"
	cfg.QueueBatchConfig = configoptional.None[exporterhelper.QueueBatchConfig]()
	cfg.LogsDynamicID.Enabled = dynamicID
	exp, err := f.CreateLogs(context.Background(), exportertest.NewNopSettings(f.Type()), cfg)
	require.NoError(b, err)
	require.NoError(b, exp.Start(context.Background(), componenttest.NewNopHost()))
	b.Cleanup(func() { _ = exp.Shutdown(context.Background()) })
	return exp
}

func putFile(b *testing.B, url, path string) {
	b.Helper()
	data, err := os.ReadFile(path)
	require.NoError(b, err)
	put(b, url, strings.NewReader(string(data)))
}

func put(b *testing.B, url string, body *strings.Reader) {
	b.Helper()
	req, err := http.NewRequest(http.MethodPut, url, body)
	require.NoError(b, err)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(b, err)
	resp.Body.Close()
	require.Equal(b, http.StatusOK, resp.StatusCode, url)
}
