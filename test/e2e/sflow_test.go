// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

// TestSflowToFiles runs the binary with one sflow receiver in a logs and a
// metrics pipeline, as the shipped configurations do, sends it pmacctd's
// flow samples and a counter sample, and finds the flow records and the
// interface counters in their files.
func TestSflowToFiles(t *testing.T) {
	health, port := testutil.FreeTCPPort(t), testutil.FreeUDPPort(t)
	out := t.TempDir()
	cfg := fmt.Sprintf(healthCheckExtension+`receivers:
  sflow:
    endpoint: 127.0.0.1:%d
processors:
  protocolname:
exporters:
  file/flows:
    path: %[3]s/flows.jsonl
    flush_interval: 100ms
  file/counters:
    path: %[3]s/counters.jsonl
    flush_interval: 100ms
`+quietService+`  pipelines:
    logs:
      receivers: [sflow]
      processors: [protocolname]
      exporters: [file/flows]
    metrics:
      receivers: [sflow]
      exporters: [file/counters]
`, health, port, out)
	c := startCollector(t, cfg, health)
	conn, err := net.Dial("udp", "127.0.0.1:"+strconv.Itoa(port))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	dir := "../../receiver/sflowreceiver/internal/decoder/testdata"
	files, _ := filepath.Glob(filepath.Join(dir, "pmacct-sfprobe", "rate1-ipv4agent", "*.bin"))
	files = append(files, filepath.Join(dir, "built", "counters.bin"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	// 10.2.0.2:53 answering 10.1.0.2:5353 over UDP: protocolname names the transport.
	waitForFileContaining(t, filepath.Join(out, "flows.jsonl"), `"network.transport","value":{"stringValue":"udp"}`, 20*time.Second)
	waitForFileContaining(t, filepath.Join(out, "counters.jsonl"), `"name":"hw.network.io"`, 20*time.Second)
	c.Stop(t)
}
