package ecsdocumentprocessor

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/open-telemetry/opentelemetry-collector-contrib/exporter/elasticsearchexporter"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/config/configoptional"
	"go.opentelemetry.io/collector/exporter"
	"go.opentelemetry.io/collector/exporter/exporterhelper"
	"go.opentelemetry.io/collector/exporter/exportertest"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otelcol-flows/otelcol-flows/internal/estest"
	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

const benchBatch = 1000

// benchLogs is a batch of flow records shaped like the receiver's output
// after the enrichment processors: 30 record attributes and 4 resource
// attributes, 34 document fields with @timestamp (the 33-field
// documents). Ports and counters vary so that documents differ.
func benchLogs(n int) plog.Logs {
	src := flowInput()
	ld := plog.NewLogs()
	src.ResourceLogs().At(0).Resource().CopyTo(ld.ResourceLogs().AppendEmpty().Resource())
	sl := ld.ResourceLogs().At(0).ScopeLogs().AppendEmpty()
	proto := src.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0)
	for i := range n {
		lr := sl.LogRecords().AppendEmpty()
		proto.CopyTo(lr)
		lr.Attributes().PutInt("source.port", int64(1024+i%60000))
		lr.Attributes().PutInt("source.bytes", int64(i))
	}
	return ld
}

// prebuilt returns b.N batches made before the timer starts: shaping moves
// the attributes, so every iteration needs its own input. Run with a fixed
// -benchtime=Nx: they all stay in memory.
func prebuilt(b *testing.B, mutate func(plog.Logs)) chan plog.Logs {
	b.Helper()
	template := benchLogs(benchBatch)
	if mutate != nil {
		mutate(template)
	}
	ch := make(chan plog.Logs, b.N)
	for n := range b.N {
		ld := plog.NewLogs()
		template.CopyTo(ld)
		uniquify(ld, n)
		ch <- ld
	}
	close(ch)
	return ch
}

// uniquify makes batch n's documents differ from every other batch's, so
// that their document ids do not collide.
func uniquify(ld plog.Logs, n int) {
	for i, lr := range ld.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().All() {
		lr.Attributes().PutInt("source.bytes", int64(n*benchBatch+i))
	}
}

// distinctAddresses gives every record of batch n a source and a
// destination address no other record of any batch has, as during a scan.
func distinctAddresses(ld plog.Logs, n int) {
	for i, lr := range ld.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().All() {
		k := uint32(2 * (n*benchBatch + i))
		lr.Attributes().PutStr("source.ip", testutil.DistinctAddress(k).String())
		lr.Attributes().PutStr("destination.ip", testutil.DistinctAddress(k+1).String())
	}
}

// BenchmarkProcessLogs: the ecsdocument processor alone, one core. Each
// batch is copied from a template with the timer stopped. The
// distinct_addresses case (issue 24) gives every record new addresses.
func BenchmarkProcessLogs(b *testing.B) {
	for _, tc := range []struct {
		docID, churn bool
	}{{true, false}, {false, false}, {true, true}} {
		docID := tc.docID
		name := fmt.Sprintf("document_id=%v", docID)
		if tc.churn {
			name += "/distinct_addresses"
		}
		b.Run(name, func(b *testing.B) {
			cfg := createDefaultConfig().(*Config)
			cfg.DocumentID = docID
			p, err := newDocumentShaper(componenttest.NewNopTelemetrySettings(), cfg)
			require.NoError(b, err)
			template := benchLogs(benchBatch)
			b.ReportAllocs()
			b.ResetTimer()
			for n := range b.N {
				b.StopTimer()
				ld := plog.NewLogs()
				template.CopyTo(ld)
				uniquify(ld, n)
				if tc.churn {
					distinctAddresses(ld, n)
				}
				b.StartTimer()
				if _, err := p.processLogs(context.Background(), ld); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*benchBatch)/b.Elapsed().Seconds(), "records/s")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchBatch), "ns/record")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// BenchmarkExporter compares the two ways to write ECS documents with the
// upstream elasticsearch exporter (v0.156.0) into the test Elasticsearch
// (in this process, with the otelcol-flows templates; documents are only
// counted, unless ESTEST_VALIDATE is set, so that the server does not take
// CPU from what is measured): ecsdocument + bodymap mode, and the exporter's
// own ecs mode (which needs data streams). Two goroutines send synchronously, one
// bulk request of 1000 documents per call, no compression (loopback).
func BenchmarkExporter(b *testing.B) {
	b.Run("bodymap", func(b *testing.B) {
		es := benchServer(b, false)
		exp := benchExporter(b, es.URL(), true)
		p, err := newDocumentShaper(componenttest.NewNopTelemetrySettings(), createDefaultConfig().(*Config))
		require.NoError(b, err)
		runExporterBench(b, es, prebuilt(b, nil), func(ld plog.Logs) error {
			ld, err := p.processLogs(context.Background(), ld)
			if err != nil {
				return err
			}
			return exp.ConsumeLogs(context.Background(), ld)
		})
	})
	b.Run("ecs", func(b *testing.B) {
		es := benchServer(b, true)
		exp := benchExporter(b, es.URL(), false)
		batches := prebuilt(b, func(ld plog.Logs) {
			sl := ld.ResourceLogs().At(0).ScopeLogs().At(0)
			sl.Scope().Attributes().PutStr(scopeMappingMode, "ecs")
			for _, lr := range sl.LogRecords().All() {
				lr.Attributes().PutStr("data_stream.dataset", "flows")
			}
		})
		runExporterBench(b, es, batches, func(ld plog.Logs) error { return exp.ConsumeLogs(context.Background(), ld) })
	})
}

func runExporterBench(b *testing.B, es *estest.Server, batches chan plog.Logs, send func(plog.Logs) error) {
	b.Helper()
	b.ReportAllocs()
	b.SetParallelism(1) // GOMAXPROCS goroutines: both cores, as the issue measured
	cpu0 := testutil.CPUTime()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := send(<-batches); err != nil {
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
		putFile(b, es.URL()+"/_component_template/flows-"+name, "../../distribution/elasticsearch/component-"+name+".json")
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
