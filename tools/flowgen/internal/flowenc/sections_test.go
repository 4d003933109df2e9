// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package flowenc

import (
	"bytes"
	"encoding/hex"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gopacket/gopacket/pcapgo"
	"github.com/stretchr/testify/require"
)

var updateCaptures = flag.Bool("update-captures", false, "rewrite the receiver's flowgen captures")

const (
	repoRoot        = "../../../.."
	capturesOut     = repoRoot + "/receiver/ipfixreceiver/testdata/captures/flowgen"
	packetFrames    = repoRoot + "/internal/packetheader/testdata/frames.pcap"
	pmacctCaptures  = repoRoot + "/receiver/ipfixreceiver/testdata/captures/pmacct-test-automation"
	exporterSnapLen = 128 // what Juniper and Cisco exporters keep of a sampled frame by default
)

// juniperFrame is the sampled frame of the data record in Juniper's "Packets Lost in
// Transit?" article (community.juniper.net, 2024): an MPLS echo request (IPv4 with a router
// alert option, UDP 3503) dropped on an MX with exception "discard route".
const juniperFrame = "56041900370e56041900b76e8847f42411ff4600004c484400000111" +
	"2f570a0024017f0000019404000 0d7b10daf0034686f000100010102" +
	"0000a25421010000 0001e937c098d84cbe1e000000000000000000010008001000040000 0000"

// sampledFrames are real frames (the Juniper article's, the first of two pmacct captures:
// IPv4 and IPv6 as received) and the encapsulations internal/packetheader tests against
// tshark (VLAN, QinQ, MPLS, Ethernet pseudowires, SRv6, VXLAN, fragments, ICMP).
func sampledFrames(t *testing.T) [][]byte {
	t.Helper()
	jf, err := hex.DecodeString(strings.ReplaceAll(juniperFrame, " ", ""))
	require.NoError(t, err)
	frames := [][]byte{jf}
	for _, p := range []string{"100-IPFIXv10-CISCO/traffic-00.pcap", "104-IPFIXv10-IPv6-CISCO-sampling_option/traffic-00.pcap"} {
		frames = append(frames, readFrames(t, filepath.Join(pmacctCaptures, p))[0])
	}
	return append(frames, readFrames(t, packetFrames)...)
}

func readFrames(t *testing.T, path string) [][]byte {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	r, err := pcapgo.NewReader(f)
	require.NoError(t, err)
	var out [][]byte
	for {
		data, _, err := r.ReadPacketData()
		if errors.Is(err, io.EOF) {
			return out
		}
		require.NoError(t, err)
		out = append(out, append([]byte(nil), data...))
	}
}

// TestSectionCaptures encodes the sampled frames with the frame-section templates as the
// receiver's captures; -update-captures rewrites them, otherwise they must match. An IPFIX
// file holds the template message and the data messages (each states its length); a NetFlow
// v9 message does not, so v9 gets a template file and one data file with every record.
func TestSectionCaptures(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	frames := sampledFrames(t)
	for _, c := range []struct {
		file    string
		version Version
		tpl     *Template
		ipOnly  bool
	}{
		{"juniper_inline_315", IPFIX, juniperInline(), false},
		{"cisco_v9_104", NetFlowV9, l2SectionV9(), false},
		{"psamp_ipfix_313", IPFIX, ipHeaderSection(), true},
	} {
		t.Run(c.file, func(t *testing.T) {
			maxPacket := 1400
			if c.version == NetFlowV9 {
				maxPacket = 8000 // every record in one message
			}
			e, err := NewExporter(ExporterConfig{Version: c.version, Domain: 1, Templates: []*Template{c.tpl},
				MaxPacket: maxPacket, Boot: now.Add(-time.Hour)})
			require.NoError(t, err)
			var flows []Flow
			for i, fr := range frames {
				if c.ipOnly && !carriesIP(fr) {
					continue
				}
				flows = append(flows, Flow{Frame: fr[:min(len(fr), exporterSnapLen)], InIf: uint32(500 + i), OutIf: uint32(600 + i), Sampling: 1000})
			}
			files := map[string][]byte{}
			out := e.AppendTemplates(nil, now)
			if c.version == NetFlowV9 {
				files[c.file+"_tpl.bin"], out = out, nil
			}
			for len(flows) > 0 {
				var n int
				out, n = e.AppendData(out, now, c.tpl, flows)
				flows = flows[n:]
			}
			if c.version == NetFlowV9 {
				files[c.file+"_data.bin"] = out
			} else {
				files[c.file+".bin"] = out
			}
			for name, data := range files {
				checkCapture(t, filepath.Join(capturesOut, name), data)
			}
		})
	}
}

func checkCapture(t *testing.T, path string, data []byte) {
	if *updateCaptures {
		require.NoError(t, os.MkdirAll(capturesOut, 0o755))
		require.NoError(t, os.WriteFile(path, data, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	require.True(t, bytes.Equal(want, data), "%s is stale: go test ./tools/flowgen/internal/flowenc -run TestSectionCaptures -update-captures", path)
}

// carriesIP reports frames whose EtherType (after VLAN tags) is IPv4 or IPv6: the ones an
// ipHeaderPacketSection exporter would send.
func carriesIP(frame []byte) bool {
	ip := ipSection(frame)
	return len(ip) > 0 && len(frame) > 13 && (ip[0]>>4 == 4 || ip[0]>>4 == 6) && !bytes.Contains(frame[12:len(frame)-len(ip)], []byte{0x88, 0x47})
}
