// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otelcol-flows/otelcol-flows/internal/flowpcaptest"
	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

// TestIPFIXFromSoftflowdToFile runs the built binary with the ipfix
// receiver on a loopback port and the file exporter, replays a pcap of
// known flows through softflowd's IPFIX exporter, and finds in the file
// every flow direction as an ECS record with the pcap's packets and bytes.
func TestIPFIXFromSoftflowdToFile(t *testing.T) {
	testutil.RequireTool(t, "softflowd")
	health, metrics, port := testutil.FreeTCPPort(t), testutil.FreeTCPPort(t), testutil.FreeUDPPort(t)
	outDir := t.TempDir()
	cfg := fmt.Sprintf(healthCheckExtension+`receivers:
  ipfix:
    endpoint: 127.0.0.1:%d
    batch:
      timeout: 50ms
exporters:
  file:
    path: %s/flows.jsonl
    flush_interval: 100ms
service:
  extensions: [health_check]
  telemetry:
    metrics:
      level: normal
`+prometheusReader+`  pipelines:
    logs:
      receivers: [ipfix]
      exporters: [file]
`, health, port, outDir, metrics)
	c := startCollector(t, cfg, health)

	pcap := filepath.Join(t.TempDir(), "f.pcap")
	flows, err := flowpcaptest.WritePcap(pcap, flowpcaptest.KnownFlows(), flowpcaptest.ReplayStart())
	if err != nil {
		t.Fatal(err)
	}
	flowpcaptest.Replay(t, pcap, fmt.Sprintf("127.0.0.1:%d", port), 10)

	want := flowpcaptest.Expected(flows, 10)
	logs := waitForFlowRecords(t, filepath.Join(outDir, "flows.jsonl"), len(want), c)
	records, err := flowpcaptest.Records(logs)
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != len(want) {
		t.Fatalf("got %d flow records, want %d: %+v", len(records), len(want), records)
	}
	for _, rec := range records {
		f, ok := want[rec.Key]
		if !ok {
			t.Errorf("unexpected flow %s", rec.Key)
			continue
		}
		delete(want, rec.Key)
		if rec.Packets != int64(f.Packets) || rec.Bytes != int64(f.Bytes) {
			t.Errorf("%s: packets/bytes %d/%d, pcap holds %d/%d", rec.Key, rec.Packets, rec.Bytes, f.Packets, f.Bytes)
		}
		first, last := flowpcaptest.Conversation(flows, f)
		if d := rec.Start.Sub(first).Abs(); d > flowpcaptest.TimePrecision(10) {
			t.Errorf("%s: event.start %s, first packet at %s", rec.Key, rec.Start, first)
		}
		if d := rec.End.Sub(last).Abs(); d > flowpcaptest.TimePrecision(10) {
			t.Errorf("%s: event.end %s, last packet at %s", rec.Key, rec.End, last)
		}
	}
	for key := range want {
		t.Errorf("flow %s missing from the file", key)
	}
	checkECSShape(t, logs)
	checkReceiverMetrics(t, metrics, len(flows))
	c.Stop(t)
}

// checkReceiverMetrics reads the collector's Prometheus endpoint: the
// receiver's own counters must be there and agree with what was sent.
func checkReceiverMetrics(t *testing.T, port, flowRecords int) {
	t.Helper()
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/metrics", port)) //nolint:noctx // test probe
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	text := string(body)
	for _, name := range []string{
		"otelcol_receiver_ipfix_packets_received", "otelcol_receiver_ipfix_records_received",
		"otelcol_receiver_ipfix_exporters", "otelcol_receiver_ipfix_templates", "otelcol_receiver_ipfix_kernel_drops",
		"otelcol_receiver_accepted_log_records",
	} {
		if !strings.Contains(text, name) {
			t.Errorf("metric %s missing from the collector's metrics endpoint", name)
		}
	}
	// Flow records plus softflowd's options records (one per template refresh).
	re := regexp.MustCompile(`(?m)^otelcol_receiver_ipfix_records_received(?:_total)?\{[^}]*receiver="ipfix"[^}]*\} (\d+)`)
	m := re.FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("records_received sample not found in:\n%s", text)
	}
	if n, _ := strconv.Atoi(m[1]); n < flowRecords {
		t.Errorf("records_received = %d, want at least %d", n, flowRecords)
	}
}

// checkECSShape checks the fields every flow record and resource carries.
func checkECSShape(t *testing.T, all []plog.Logs) {
	t.Helper()
	for _, logs := range all {
		for _, rl := range logs.ResourceLogs().All() {
			if v, ok := rl.Resource().Attributes().Get("netflow.exporter.version"); !ok || v.Int() != 10 {
				t.Errorf("resource netflow.exporter.version = %v, want 10", v.AsRaw())
			}
			for _, sl := range rl.ScopeLogs().All() {
				for _, lr := range sl.LogRecords().All() {
					a := lr.Attributes()
					if typ, _ := a.Get("netflow.type"); typ.Str() != "netflow_flow" {
						continue
					}
					for key, want := range map[string]string{"event.kind": "event", "event.action": "netflow_flow"} {
						if v, _ := a.Get(key); v.Str() != want {
							t.Errorf("%s = %q, want %q", key, v.Str(), want)
						}
					}
					if v, _ := a.Get("network.type"); v.Str() != "ipv4" && v.Str() != "ipv6" {
						t.Errorf("network.type = %q", v.Str())
					}
					if lr.Timestamp() == 0 || lr.ObservedTimestamp() == 0 {
						t.Errorf("record without timestamp or observed timestamp")
					}
				}
			}
		}
	}
}

// waitForFlowRecords reads the file exporter's JSON lines until they hold
// at least n flow records.
func waitForFlowRecords(t *testing.T, path string, n int, c *collector) []plog.Logs {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		logs := readLogsFile(t, path)
		if records, err := flowpcaptest.Records(logs); err == nil && len(records) >= n {
			time.Sleep(300 * time.Millisecond) // a record beyond n would be a bug: let it arrive
			return readLogsFile(t, path)
		}
		if time.Now().After(deadline) {
			t.Fatalf("fewer than %d flow records in %s after 20s\ncollector output:\n%s", n, path, c.Output())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func readLogsFile(t *testing.T, path string) []plog.Logs {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var out []plog.Logs
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var u plog.JSONUnmarshaler
	for sc.Scan() {
		logs, err := u.UnmarshalLogs(sc.Bytes())
		if err != nil {
			t.Fatalf("%s: line is not OTLP JSON logs: %v", path, err)
		}
		out = append(out, logs)
	}
	return out
}
