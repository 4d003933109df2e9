// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"testing"

	"github.com/otelcol-flows/otelcol-flows/internal/flowpcaptest"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

// TestIPFIXTemplatesSurviveProcessRestart: the binary learns an exporter's
// templates, is stopped with SIGTERM, and a new process on the same
// file_storage directory decodes that exporter's next data packet at once,
// although the template is not sent again and pending buffering is off.
func TestIPFIXTemplatesSurviveProcessRestart(t *testing.T) {
	stateDir, outDir := t.TempDir(), t.TempDir()
	captures := "../../receiver/ipfixreceiver/testdata/captures/logstash-codec-netflow"
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(captures, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	exporterAddr := &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: testutil.FreeUDPPort(t)}

	run := func(out string, packets ...[]byte) {
		health, port := testutil.FreeTCPPort(t), testutil.FreeUDPPort(t)
		c := startCollector(t, restartConfig(health, port, stateDir, out), health)
		conn, err := net.DialUDP("udp", exporterAddr, &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range packets {
			if _, err := conn.Write(p); err != nil {
				t.Fatal(err)
			}
		}
		_ = conn.Close()
		logs := waitForFlowRecords(t, out, 1, c)
		c.Stop(t)
		records, err := flowpcaptest.Records(logs)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d flow records", filepath.Base(out), len(records))
	}

	run(filepath.Join(outDir, "first.jsonl"), read("ipfix_test_mikrotik_tpl.dat"), read("ipfix_test_mikrotik_data258.dat"))
	second := filepath.Join(outDir, "second.jsonl")
	run(second, read("ipfix_test_mikrotik_data259.dat"))
	records, err := flowpcaptest.Records(readLogsFile(t, second))
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != 18 {
		t.Fatalf("after the restart the data packet gave %d records, want all 18", len(records))
	}
}

func restartConfig(health, port int, stateDir, out string) string {
	return fmt.Sprintf(healthCheckExtension+`  file_storage/templates:
    directory: %s
receivers:
  ipfix:
    endpoint: 127.0.0.1:%d
    workers: 2
    storage: file_storage/templates
    batch:
      timeout: 50ms
    limits:
      pending:
        max_records: 0
exporters:
  file:
    path: %s
    flush_interval: 100ms
service:
  extensions: [health_check, file_storage/templates]
  telemetry:
    metrics:
      level: none
  pipelines:
    logs:
      receivers: [ipfix]
      exporters: [file]
`, health, stateDir, port, out)
}
