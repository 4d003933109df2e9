// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package flowenc

import (
	"net/netip"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

// writePcap wraps each payload as a datagram from 127.0.0.2 to port 2055 so that an independent
// dissector can read them.
func writePcap(t *testing.T, path string, payloads [][]byte) {
	datagrams := make([]testutil.Datagram, len(payloads))
	for i, p := range payloads {
		datagrams[i] = testutil.Datagram{Src: netip.MustParseAddrPort("127.0.0.2:40000"), Received: time.Unix(1_780_000_000, int64(i)), Payload: p}
	}
	testutil.WriteUDPPcap(t, path, 2055, datagrams)
}

// TestTsharkDecodes checks the packets with Wireshark's cflow dissector, an
// implementation independent of goflow2: every flow's ports come back and
// nothing is flagged malformed.
func TestTsharkDecodes(t *testing.T) {
	testutil.RequireTool(t, "tshark")
	now := time.Now()
	for _, version := range []Version{NetFlowV9, IPFIX} {
		mix, err := ParseMix(DefaultMix(version == IPFIX), version == IPFIX)
		require.NoError(t, err)
		e, err := NewExporter(ExporterConfig{Version: version, Domain: 1, Templates: mix.Templates, MaxPacket: 1400, TemplateRefresh: 4, Boot: now.Add(-time.Hour)})
		require.NoError(t, err)
		src := NewFlowSource(5, 0, 50)
		var payloads [][]byte
		var wantPorts []string
		for _, tpl := range append(mix.Templates, mix.Templates...) {
			if e.NeedsTemplates() {
				payloads = append(payloads, e.AppendTemplates(nil, now))
			}
			flows := make([]Flow, 3)
			src.Fill(flows, now, tpl.IPv6())
			pkt, _ := e.AppendData(nil, now, tpl, flows)
			payloads = append(payloads, pkt)
			for _, fl := range flows {
				wantPorts = append(wantPorts, strconv.Itoa(int(fl.SrcPort)))
			}
		}
		pcap := filepath.Join(t.TempDir(), "flows.pcap")
		writePcap(t, pcap, payloads)
		out, err := exec.Command("tshark", "-n", "-r", pcap, "-d", "udp.port==2055,cflow",
			"-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,", "-e", "cflow.srcport", "-e", "_ws.malformed").Output()
		require.NoError(t, err, "tshark: %v", err)
		var gotPorts []string
		for line := range strings.SplitSeq(strings.TrimSpace(string(out)), "\n") {
			ports, malformed, _ := strings.Cut(line, "\t")
			require.Empty(t, malformed, "tshark flags a packet malformed: %s", line)
			if ports != "" {
				gotPorts = append(gotPorts, strings.Split(ports, ",")...)
			}
		}
		require.Equal(t, wantPorts, gotPorts, "version %d", version)
	}
}
