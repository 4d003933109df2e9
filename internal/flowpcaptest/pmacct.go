// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package flowpcaptest // import "github.com/otelcol-flows/otelcol-flows/internal/flowpcaptest"

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

// ReplayPmacct runs pmacctd's nfprobe plugin, a second real exporter
// (softflowd 0.9.7's code grown apart in pmacct), on pcap, exporting
// NetFlow version (5, 9 or 10 for IPFIX) to collector ("host:port").
// pmacctd reads the whole file and expires every flow as it exits.
func ReplayPmacct(t testing.TB, pcap, collector string, version int) {
	t.Helper()
	runPmacctd(t, pcap, fmt.Sprintf(`plugins: nfprobe
nfprobe_receiver: %s
nfprobe_version: %d
aggregate: src_host, dst_host, src_port, dst_port, proto, tos
`, collector, version))
}

// ReplayPmacctSflow runs pmacctd's sfprobe plugin on pcap: a real sFlow
// v5 agent (agent address agent, sub-agent 7) that samples one packet in
// rate (at random) and sends each as a flow sample with its raw Ethernet
// header to collector.
func ReplayPmacctSflow(t testing.TB, pcap, collector, agent string, rate int) {
	t.Helper()
	runPmacctd(t, pcap, fmt.Sprintf(`plugins: sfprobe
sfprobe_receiver: %s
sfprobe_agentip: %s
sfprobe_agentsubid: 7
sampling_rate: %d
`, collector, agent, rate))
}

func runPmacctd(t testing.TB, pcap, plugin string) {
	t.Helper()
	bin := testutil.RequireTool(t, "pmacctd")
	conf := filepath.Join(t.TempDir(), "pmacctd.conf")
	text := "daemonize: false\npcap_savefile: " + pcap + "\n" + plugin
	if err := os.WriteFile(conf, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := runTool("", bin, "-f", conf)
	// At the end of a savefile pmacctd's core and its plugin process race to
	// shut down; when the plugin wins, the core reports "connection lost" and
	// exits with status 1 after the plugin has exported everything. The flow
	// check decides; the output is kept for when it fails.
	if err != nil {
		t.Logf("pmacctd %s: %v\n%s", pcap, err, out)
	}
}
