// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"errors"
	"flag"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/golden"
	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/pdatatest/plogtest"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/plog"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

const capturesDir = "../../testdata/captures"

// rawExporter is the source address given to raw (.dat/.bin) captures, which carry none.
var rawExporter = netip.MustParseAddrPort("192.0.2.10:2055")

// baseTime is the arrival time of the first datagram of every replay.
var baseTime = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// sequences replays captures whose templates come in an earlier file (INDEX.md "Sequence").
var sequences = [][]string{
	{"goflow2/goflow2_nfv9_template260.bin", "goflow2/goflow2_nfv9_data260.bin"},
	{"ipfix_test_barracuda_extended_uniflow_tpl256.dat", "ipfix_test_barracuda_extended_uniflow_data256.dat"},
	{"ipfix_test_barracuda_tpl.dat", "ipfix_test_barracuda_data256.dat"},
	{"ipfix_test_juniper_mx240_junos151r6s3_opttpl512.dat", "ipfix_test_juniper_mx240_junos151r6s3_data512.dat"},
	{"ipfix_test_mikrotik_tpl.dat", "ipfix_test_mikrotik_data258.dat", "ipfix_test_mikrotik_data259.dat"},
	{"ipfix_test_netscaler_tpl.dat", "ipfix_test_netscaler_data.dat"},
	{"ipfix_test_nokia_bras_tpl.dat", "ipfix_test_nokia_bras_data256.dat"},
	{"ipfix_test_openbsd_pflow_tpl.dat", "ipfix_test_openbsd_pflow_data.dat"},
	{"ipfix_test_procera_tpl52935.dat", "ipfix_test_procera_data52935.dat"},
	{"ipfix_test_viptela_tpl257.dat", "ipfix_test_viptela_data257.dat"},
	{"ipfix_test_vmware_vds_tpl.dat", "ipfix_test_vmware_vds_data264.dat", "ipfix_test_vmware_vds_data266.dat", "ipfix_test_vmware_vds_data266_267.dat"},
	{"ipfix_test_yaf_tpls_option_tpl.dat", "ipfix_test_yaf_tpl45841.dat", "ipfix_test_yaf_data45841.dat", "ipfix_test_yaf_data45873.dat", "ipfix_test_yaf_data53248.dat"},
	{"netflow9_test_cisco_aci_tpl256-258.dat", "netflow9_test_cisco_aci_data256.dat"},
	{"netflow9_test_cisco_asa_1_tpl.dat", "netflow9_test_cisco_asa_1_data.dat"},
	{"netflow9_test_cisco_asa_2_tpl_26x.dat", "netflow9_test_cisco_asa_2_tpl_27x.dat", "netflow9_test_cisco_asa_2_data.dat"},
	{"netflow9_test_cisco_asr9k_opttpl256.dat", "netflow9_test_cisco_asr9k_data256.dat"},
	{"netflow9_test_cisco_asr9k_tpl260.dat", "netflow9_test_cisco_asr9k_data260.dat"},
	{"netflow9_test_cisco_nbar_tpl262.dat", "netflow9_test_cisco_nbar_data262.dat"},
	{"netflow9_test_cisco_wlc_tpl.dat", "netflow9_test_cisco_wlc_data261.dat"},
	{"netflow9_test_field_layer2segmentid_tpl.dat", "netflow9_test_field_layer2segmentid_data.dat"},
	{"netflow9_test_fortigate_fortios_521_tpl.dat", "netflow9_test_fortigate_fortios_521_data256.dat", "netflow9_test_fortigate_fortios_521_data257.dat"},
	{"netflow9_test_fortigate_fortios_542_appid_tpl258-269.dat", "netflow9_test_fortigate_fortios_542_appid_data258_262.dat"},
	{"netflow9_test_h3c_netstream_varstring_tpl3281.dat", "netflow9_test_h3c_netstream_varstring_data3281.dat"},
	{"netflow9_test_h3c_tpl3281.dat", "netflow9_test_h3c_data3281.dat"},
	{"netflow9_test_huawei_netstream_tpl.dat", "netflow9_test_huawei_netstream_data.dat"},
	{"netflow9_test_macaddr_tpl.dat", "netflow9_test_macaddr_data.dat"},
	{"netflow9_test_nprobe_tpl.dat", "netflow9_test_softflowd_tpl_data.dat", "netflow9_test_nprobe_data.dat"},
	{"netflow9_test_paloalto_81_tpl256-263.dat", "netflow9_test_paloalto_81_data257_1flowset_in_large_zerofilled_packet.dat"},
	{"netflow9_test_paloalto_panos_tpl.dat", "netflow9_test_paloalto_panos_data.dat"},
	{"netflow9_test_streamcore_tpl_data256.dat", "netflow9_test_streamcore_tpl_data260.dat"},
	{"flowgen/cisco_v9_104_tpl.bin", "flowgen/cisco_v9_104_data.bin"},
	{"netflow9_test_ubnt_edgerouter_tpl.dat", "netflow9_test_ubnt_edgerouter_data1024.dat", "netflow9_test_ubnt_edgerouter_data1025.dat"},
}

// replay is one named list of datagrams, decoded in order by one Decoder.
type replay struct {
	name    string
	packets []Packet
}

// testConfig is the configuration the golden files are made with.
func testConfig() Config {
	return Config{MaxExporters: 100, MaxTemplatesPerExporter: 1024, MaxFieldsPerTemplate: 512,
		PendingMaxRecords: 10000, PendingMaxBytes: 1 << 20, PendingMaxAge: time.Minute, NetflowCopies: true}
}

// allReplays lists every capture: the sequences above, every other raw file on its own, and
// every pcap as the sequence of its UDP datagrams.
func allReplays(tb testing.TB) []replay {
	tb.Helper()
	inSeq := map[string]bool{}
	var out []replay
	for _, seq := range sequences {
		r := replay{name: strings.TrimSuffix(filepath.Base(seq[len(seq)-1]), filepath.Ext(seq[len(seq)-1]))}
		for _, f := range seq {
			if !strings.Contains(f, "/") {
				f = "logstash-codec-netflow/" + f
			}
			inSeq[f] = true
			r.packets = append(r.packets, rawPacket(tb, f, len(r.packets)))
		}
		out = append(out, r)
	}
	files, err := filepath.Glob(filepath.Join(capturesDir, "*", "*"))
	require.NoError(tb, err)
	pcaps, err := filepath.Glob(filepath.Join(capturesDir, "pmacct-test-automation", "*", "*.pcap"))
	require.NoError(tb, err)
	sort.Strings(files)
	for _, path := range files {
		rel, _ := filepath.Rel(capturesDir, path)
		ext := filepath.Ext(path)
		if inSeq[rel] || (ext != ".dat" && ext != ".bin") {
			continue
		}
		out = append(out, replay{name: strings.TrimSuffix(filepath.Base(path), ext), packets: []Packet{rawPacket(tb, rel, 0)}})
	}
	for _, path := range pcaps {
		out = append(out, replay{name: filepath.Base(filepath.Dir(path)), packets: pcapPackets(tb, path)})
	}
	return out
}

func rawPacket(tb testing.TB, rel string, i int) Packet {
	data, err := os.ReadFile(filepath.Join(capturesDir, rel))
	require.NoError(tb, err)
	return Packet{Exporter: rawExporter, Received: baseTime.Add(time.Duration(i) * time.Millisecond), Data: data}
}

// pcapPackets extracts UDP payloads and their source addresses; arrival is the capture time.
func pcapPackets(tb testing.TB, path string) []Packet {
	f, err := os.Open(path)
	require.NoError(tb, err)
	defer f.Close()
	r, err := pcapgo.NewReader(f)
	require.NoError(tb, err)
	var out []Packet
	for {
		data, ci, err := r.ReadPacketData()
		if errors.Is(err, io.EOF) {
			return out
		}
		require.NoError(tb, err)
		p := gopacket.NewPacket(data, r.LinkType(), gopacket.Default)
		udp, ok := p.Layer(layers.LayerTypeUDP).(*layers.UDP)
		if !ok || p.NetworkLayer() == nil {
			continue
		}
		src, _ := netip.AddrFromSlice(p.NetworkLayer().NetworkFlow().Src().Raw())
		out = append(out, Packet{Exporter: netip.AddrPortFrom(src.Unmap(), uint16(udp.SrcPort)),
			Received: ci.Timestamp.UTC(), Data: append([]byte(nil), udp.Payload...)})
	}
}

// decodeReplay decodes r with a fresh Decoder and returns the logs and summed stats.
func decodeReplay(tb testing.TB, cfg Config, r replay) (plog.Logs, Stats, []error) {
	tb.Helper()
	d := New(cfg)
	b := NewLogsBuilder()
	var st Stats
	var errs []error
	for _, p := range r.packets {
		s, err := d.Decode(p, b)
		st.Add(s)
		if err != nil {
			errs = append(errs, err)
		}
	}
	return b.Take(), st, errs
}

func TestCapturesGolden(t *testing.T) {
	for _, r := range allReplays(t) {
		t.Run(r.name, func(t *testing.T) {
			logs, _, _ := decodeReplay(t, testConfig(), r)
			path := filepath.Join("testdata", "golden", r.name+".yaml")
			if *update {
				require.NoError(t, golden.WriteLogs(t, path, logs))
			}
			want, err := golden.ReadLogs(path)
			require.NoError(t, err)
			require.NoError(t, plogtest.CompareLogs(want, logs))
		})
	}
}
