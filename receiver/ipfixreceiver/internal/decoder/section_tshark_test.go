// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

// sectionFields maps what tshark dissects in a sampled section to the attribute we derive
// from it; first is the occurrence to compare when the section holds several (the outer
// header: no decapsulation by default).
// when limits a comparison to records whose attribute when[0] is when[1]: tshark names IPv4
// and IPv6 (TCP and UDP) fields apart, we write both to source.ip (source.port).
var (
	v4, v6       = [2]string{"network.type", "ipv4"}, [2]string{"network.type", "ipv6"}
	onTCP, onUDP = [2]string{"network.iana_number", "6"}, [2]string{"network.iana_number", "17"}
	onICMP       = [2]string{"network.iana_number", "1"}
	onICMPv6     = [2]string{"network.iana_number", "58"}
	anyRecord    = [2]string{}
)

var sectionFields = []struct {
	field, attr string
	when        [2]string
}{
	{"ip.src", "source.ip", v4}, {"ip.dst", "destination.ip", v4},
	{"ipv6.src", "source.ip", v6}, {"ipv6.dst", "destination.ip", v6},
	{"ip.len", "source.bytes", v4}, {"ip.proto", "network.iana_number", v4},
	{"tcp.srcport", "source.port", onTCP}, {"tcp.dstport", "destination.port", onTCP},
	{"udp.srcport", "source.port", onUDP}, {"udp.dstport", "destination.port", onUDP},
	{"icmp.type", "icmp.type", onICMP}, {"icmp.code", "icmp.code", onICMP},
	{"icmpv6.type", "icmp.type", onICMPv6}, {"icmpv6.code", "icmp.code", onICMPv6},
	{"eth.src", "source.mac", anyRecord}, {"eth.dst", "destination.mac", anyRecord},
	{"ieee8021ad.id", "network.vlan.id", anyRecord}, {"vlan.id", "network.vlan.id", anyRecord},
	{"mpls.label", "netflow.section.mpls_labels", anyRecord},
}

// TestSectionsAgreeWithTshark checks the sampled-section captures twice against tshark:
// its cflow dissector extracts each record's section (and Juniper's common properties),
// which we compare with ours; the extracted sections, dissected by tshark as packets, give
// the addresses, ports, protocol, length, MACs, VLAN and labels our records must carry.
func TestSectionsAgreeWithTshark(t *testing.T) {
	testutil.RequireTool(t, "tshark")
	for _, c := range []struct {
		name, sectionField, sectionAttr string
		link                            layers.LinkType
	}{
		{"juniper_inline_315", "cflow.data_link_frame_section", "netflow.data_link_frame_section", layers.LinkTypeEthernet},
		{"psamp_ipfix_313", "cflow.section_header", "netflow.ip_header_packet_section", layers.LinkTypeRaw},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := replayNamed(t, c.name)
			dir := t.TempDir()
			pcap := filepath.Join(dir, "export.pcap")
			writeCapturePcap(t, pcap, splitMessages(r.packets))
			logs, _, errs := decodeReplay(t, testConfig(), r)
			require.Empty(t, errs)
			recs := flatRecords(logs)
			sections := tsharkColumn(t, pcap, []string{"-d", "udp.port==" + strconv.Itoa(collectorPort) + ",cflow"}, c.sectionField)
			require.Len(t, sections, len(recs), "one section per record")
			frames := make([][]byte, len(recs))
			for i, lr := range recs {
				v, ok := lr.Attributes().Get(c.sectionAttr)
				require.True(t, ok)
				require.Equal(t, sections[i], v.Str(), "record %d: section bytes", i)
				frames[i], _ = hex.DecodeString(v.Str())
			}
			if c.name == "juniper_inline_315" {
				checkJuniperCPID(t, pcap, recs)
			}
			framesPcap := filepath.Join(dir, "sections.pcap")
			writeFramesPcap(t, framesPcap, c.link, frames)
			compared := 0
			names := make([]string, len(sectionFields))
			for j, f := range sectionFields {
				names[j] = f.field
			}
			theirs := tsharkFrames(t, framesPcap, names)
			require.Len(t, theirs, len(recs))
			for j, f := range sectionFields {
				if c.link != layers.LinkTypeEthernet && strings.HasPrefix(f.field, "eth.") {
					continue // an IP header section has no link layer
				}
				for i, lr := range recs {
					if on := attrStrings(lr.Attributes(), f.when[0]); f.when[0] != "" && (len(on) == 0 || on[0] != f.when[1]) {
						continue
					}
					want := theirs[i][j]
					attr := f.attr
					if f.field == "vlan.id" && len(theirs[i][j-1]) > 0 {
						attr = "network.inner.vlan.id" // QinQ: tshark's vlan.id is the customer tag
					}
					ours := attrStrings(lr.Attributes(), attr)
					if len(want) == 0 && f.field == "ieee8021ad.id" {
						continue // a single 802.1Q tag: compared as vlan.id
					}
					if len(want) == 0 {
						assert.Empty(t, ours, "record %d %s: tshark has none", i, f.field)
						continue
					}
					pick := want[:1]
					switch {
					case f.attr == "netflow.section.mpls_labels":
						pick = want
					case strings.HasPrefix(f.field, "eth.") && len(want) > 1 && frameCarriesMPLS(frames[i]):
						pick = want[len(want)-1:] // an Ethernet pseudowire: the customer frame's
					}
					assert.Equal(t, pick, ours, "record %d: tshark %s vs %s", i, f.field, f.attr)
					compared += len(ours)
				}
			}
			t.Logf("%d values of %d records agree with tshark", compared, len(recs))
			require.Greater(t, compared, 4*len(recs), "the comparison must cover the records")
		})
	}
}

// checkJuniperCPID compares the common properties tshark's cflow dissector types and values
// with the attributes we decode from them.
func checkJuniperCPID(t *testing.T, pcap string, recs []plog.LogRecord) {
	args := []string{"-d", "udp.port==" + strconv.Itoa(collectorPort) + ",cflow"}
	types := tsharkColumn(t, pcap, args, "cflow.pie.juniper.resiliency.cpid")
	values := tsharkColumn(t, pcap, args, "cflow.pie.juniper.resiliency.cpdesc")
	require.Len(t, types, 6*len(recs))
	keys := map[string]string{"2": "netflow.juniper.forwarding_exception_code", "3": "netflow.juniper.forwarding_nexthop_id",
		"4": "netflow.juniper.egress_interface_index", "5": "netflow.juniper.underlying_ingress_interface_index",
		"6": "netflow.juniper.ingress_interface_index"}
	for i, lr := range recs {
		for j := range 6 {
			typ, val := types[6*i+j], values[6*i+j]
			key, ok := keys[typ]
			if !ok {
				continue // type 1 is split in two by us; tshark 4.0 shows only the packed value
			}
			got := attrStrings(lr.Attributes(), key)
			assert.Equal(t, []string{val}, got, "record %d common property %s", i, typ)
		}
	}
}

// carriesMPLS: a second Ethernet header in such a frame is an Ethernet pseudowire's.
func frameCarriesMPLS(frame []byte) bool {
	return len(frame) > 14 && frame[12] == 0x88 && frame[13] == 0x47
}

func writeFramesPcap(t *testing.T, path string, link layers.LinkType, frames [][]byte) {
	f, err := os.Create(path)
	require.NoError(t, err)
	defer f.Close()
	w := pcapgo.NewWriter(f)
	require.NoError(t, w.WriteFileHeader(65535, link))
	for i, fr := range frames {
		ci := gopacket.CaptureInfo{Timestamp: baseTime.Add(time.Duration(i) * time.Millisecond), CaptureLength: len(fr), Length: len(fr)}
		require.NoError(t, w.WritePacket(ci, fr))
	}
}

// tsharkColumn returns every occurrence of field in the capture, frame after frame.
func tsharkColumn(t *testing.T, pcap string, args []string, field string) []string {
	var all []string
	for _, frame := range testutil.TsharkFields(t, "tshark", pcap, args, []string{field}) {
		for _, v := range frame[0] {
			all = append(all, canonical(v))
		}
	}
	return all
}

// tsharkFrames dissects the extracted sections: per frame, per field, every occurrence.
func tsharkFrames(t *testing.T, pcap string, fields []string) [][][]string {
	frames := testutil.TsharkFields(t, "tshark", pcap, testutil.TsharkPacketPrefs, fields)
	for _, frame := range frames {
		for _, occ := range frame {
			for k, v := range occ {
				occ[k] = canonical(v)
			}
		}
	}
	return frames
}

// canonical puts tshark's values and ours in one form (testutil.TsharkValue) and byte strings,
// which tshark separates with colons, as the plain hex we write.
func canonical(v string) string {
	v = testutil.TsharkValue(v)
	if len(v) > 17 && strings.Count(v, ":")*3 == len(v)-2 {
		return strings.ReplaceAll(v, ":", "")
	}
	return v
}

// attrStrings renders an attribute (a scalar or an array) as strings.
func attrStrings(m pcommon.Map, key string) []string {
	v, ok := m.Get(key)
	if !ok {
		return nil
	}
	if v.Type() == pcommon.ValueTypeSlice {
		var out []string
		for _, e := range v.Slice().All() {
			out = append(out, canonical(e.AsString()))
		}
		return out
	}
	return []string{canonical(v.AsString())}
}
