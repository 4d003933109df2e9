// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"net/netip"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/pmetric"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

// oracleDatagrams are every datagram the differential tests use: the
// pmacctd captures and the built ones with the structures pmacctd does not
// send (expanded samples, every extended record, counters, an IPv6 agent).
func oracleDatagrams(t testing.TB) [][]byte {
	var out [][]byte
	for _, set := range captureSets {
		out = append(out, captureSet(t, set)...)
	}
	v6 := datagram(netip.MustParseAddr("2001:db8::99"), 4, 77, 1000, extendedSample(),
		flowSample(3, 9, 512, 4096, 2, 5, 6, item(recordSampledIPv6, (&enc{}).u32(1280, 17).
			addr16("2001:db8:1::1").addr16("2001:db8:2::2").u32(5353, 53, 0, 0).b)))
	return append(out, validDatagram(), v6)
}

func (e *enc) addr16(s string) *enc { e.b = append(e.b, netip.MustParseAddr(s).AsSlice()...); return e }

// oracleField pairs a Wireshark field with the same value in our output.
type oracleField struct {
	tshark string
	// skipOuter drops tshark's first value: the UDP/IP/Ethernet headers of
	// the frame that carries the datagram.
	skipOuter bool
	// dropZeros compares only non-zero values: we leave out an all-zero
	// extended switch record (it says nothing), tshark lists its zeros.
	dropZeros bool
	ours      func(o *decoded) []string
}

// decoded is our output for one datagram.
type decoded struct {
	resource pcommon.Map
	records  []pcommon.Map
	points   map[string][]string // metric name + direction -> values in order
}

func (o *decoded) attr(key string, when func(pcommon.Map) bool) []string {
	var out []string
	for _, a := range o.records {
		if v, ok := a.Get(key); ok && (when == nil || when(a)) {
			out = append(out, v.AsString())
		}
	}
	return out
}

func recordAttr(key string) func(*decoded) []string {
	return func(o *decoded) []string { return o.attr(key, nil) }
}

// recordAttrOrZero: fields written only when non-zero.
func recordAttrOrZero(key string) func(*decoded) []string {
	return func(o *decoded) []string {
		out := make([]string, len(o.records))
		for i, a := range o.records {
			out[i] = orZero(a, key)
		}
		return out
	}
}

func orZero(a pcommon.Map, key string) string {
	if v, ok := a.Get(key); ok {
		return v.AsString()
	}
	return "0"
}

func fromRawHeader(key string) func(*decoded) []string {
	return func(o *decoded) []string {
		return o.attr(key, func(a pcommon.Map) bool { _, ok := a.Get("sflow.header.protocol"); return ok })
	}
}

// asTsharkMAC writes our ECS MACs (AA-BB-..) as tshark prints them (aa:bb:..).
func asTsharkMAC(ours func(*decoded) []string) func(*decoded) []string {
	return func(o *decoded) []string {
		macs := ours(o)
		for i, m := range macs {
			macs[i] = strings.ToLower(strings.ReplaceAll(m, "-", ":"))
		}
		return macs
	}
}

func resourceAttr(key string) func(*decoded) []string {
	return func(o *decoded) []string {
		if v, ok := o.resource.Get(key); ok {
			return []string{v.AsString()}
		}
		return nil
	}
}

func points(key string) func(*decoded) []string {
	return func(o *decoded) []string { return o.points[key] }
}

var oracleFields = []oracleField{
	{tshark: "sflow_245.agent", ours: func(o *decoded) []string { return o.onlyFamily(resourceAttr("observer.ip")(o), true) }},
	{tshark: "sflow_245.agent.v6", ours: func(o *decoded) []string { return o.onlyFamily(resourceAttr("observer.ip")(o), false) }},
	{tshark: "sflow_245.sub_agent_id", ours: resourceAttr("sflow.agent.sub_id")},
	{tshark: "sflow.flow_sample.sequence_number", ours: recordAttr("sflow.sequence_number")},
	{tshark: "sflow.flow_sample.sampling_rate", ours: recordAttr("sflow.sampling_rate")},
	{tshark: "sflow.flow_sample.sample_pool", ours: recordAttr("sflow.sample_pool")},
	{tshark: "sflow.flow_sample.dropped_packets", ours: recordAttrOrZero("sflow.drops")},
	{tshark: "sflow_245.header_protocol", ours: recordAttr("sflow.header.protocol")},
	{tshark: "sflow_245.header.frame_length", ours: fromRawHeader("network.bytes")},
	{tshark: "sflow_245.header.payload_stripped", ours: recordAttr("sflow.header.stripped")},
	{tshark: "eth.src", skipOuter: true, ours: asTsharkMAC(fromRawHeader("source.mac"))},
	{tshark: "eth.dst", skipOuter: true, ours: asTsharkMAC(fromRawHeader("destination.mac"))},
	{tshark: "ip.src", skipOuter: true, ours: fromRawHeader4("source.ip")},
	{tshark: "ip.dst", skipOuter: true, ours: fromRawHeader4("destination.ip")},
	{tshark: "ipv6.src", ours: func(o *decoded) []string { return fromRawHeaderFamily(o, "source.ip", "ipv6") }},
	{tshark: "ipv6.dst", ours: func(o *decoded) []string { return fromRawHeaderFamily(o, "destination.ip", "ipv6") }},
	{tshark: "tcp.srcport", ours: func(o *decoded) []string { return rawProto(o, "source.port", 6) }},
	{tshark: "tcp.dstport", ours: func(o *decoded) []string { return rawProto(o, "destination.port", 6) }},
	{tshark: "udp.srcport", skipOuter: true, ours: func(o *decoded) []string { return rawProto(o, "source.port", 17) }},
	{tshark: "udp.dstport", skipOuter: true, ours: func(o *decoded) []string { return rawProto(o, "destination.port", 17) }},
	{tshark: "sflow_245.ethernet.source_mac_address", ours: asTsharkMAC(func(o *decoded) []string { return notRaw(o, "source.mac") })},
	{tshark: "sflow_245.ethernet.length", ours: func(o *decoded) []string {
		return o.attr("network.bytes", func(a pcommon.Map) bool {
			_, raw := a.Get("sflow.header.protocol")
			_, eth := a.Get("source.mac")
			return !raw && eth
		})
	}},
	{tshark: "sflow_245.vlan.in", dropZeros: true, ours: recordAttr("sflow.switch.src_vlan")},
	{tshark: "sflow_245.vlan.out", dropZeros: true, ours: recordAttr("sflow.switch.dst_vlan")},
	{tshark: "sflow_245.pri.in", dropZeros: true, ours: recordAttr("sflow.switch.src_priority")},
	{tshark: "sflow_245.pri.out", dropZeros: true, ours: recordAttr("sflow.switch.dst_priority")},
	{tshark: "sflow_245.nexthop.v6", ours: recordAttr("sflow.router.next_hop")},
	{tshark: "sflow_245.nexthop.src_mask", ours: recordAttr("sflow.router.src_mask_len")},
	{tshark: "sflow_245.nexthop.dst_mask", ours: recordAttr("sflow.router.dst_mask_len")},
	{tshark: "sflow_245.as", ours: recordAttr("sflow.gateway.as")},
	{tshark: "sflow_245.srcAS", ours: recordAttr("sflow.gateway.src_as")},
	{tshark: "sflow_245.peerAS", ours: recordAttr("sflow.gateway.src_peer_as")},
	{tshark: "sflow_245.localpref", ours: recordAttr("sflow.gateway.local_pref")},
	{tshark: "sflow_5.extended_user.source_user", ours: recordAttr("source.user.name")},
	{tshark: "sflow_5.extended_user.destination_user", ours: recordAttr("destination.user.name")},
	{tshark: "sflow_5.extended_url.url", ours: recordAttr("url.original")},
	{tshark: "sflow_5.extended_url.host", ours: recordAttr("url.domain")},
	{tshark: "sflow_245.ifindex", ours: points("hw.network.io id")},
	{tshark: "sflow_245.ifinoct", ours: points("hw.network.io receive")},
	{tshark: "sflow_245.ifoutoct", ours: points("hw.network.io transmit")},
	{tshark: "sflow_245.ifinerr", ours: points("hw.errors receive")},
	{tshark: "sflow_245.ifoutdisc", ours: points("sflow.interface.discards transmit")},
}

func fromRawHeader4(key string) func(*decoded) []string {
	return func(o *decoded) []string { return fromRawHeaderFamily(o, key, "ipv4") }
}

func fromRawHeaderFamily(o *decoded, key, family string) []string {
	return o.attr(key, func(a pcommon.Map) bool {
		_, raw := a.Get("sflow.header.protocol")
		v, _ := a.Get("network.type")
		return raw && v.Str() == family
	})
}

func rawProto(o *decoded, key string, proto int64) []string {
	return o.attr(key, func(a pcommon.Map) bool {
		_, raw := a.Get("sflow.header.protocol")
		v, _ := a.Get("network.iana_number")
		return raw && v.Int() == proto
	})
}

func notRaw(o *decoded, key string) []string {
	return o.attr(key, func(a pcommon.Map) bool { _, raw := a.Get("sflow.header.protocol"); return !raw })
}

func (o *decoded) onlyFamily(ips []string, v4 bool) []string {
	var out []string
	for _, ip := range ips {
		if netip.MustParseAddr(ip).Is4() == v4 {
			out = append(out, ip)
		}
	}
	return out
}

func decodeForOracle(t testing.TB, dg []byte) *decoded {
	t.Helper()
	logs, metrics, _ := decodeAll(t, New(testConfig()), dg)
	o := &decoded{resource: resourceOf(logs, metrics), points: map[string][]string{}}
	for _, lr := range flatRecords(logs) {
		o.records = append(o.records, lr.Attributes())
	}
	for i := range metrics.ResourceMetrics().Len() {
		ms := metrics.ResourceMetrics().At(i).ScopeMetrics().At(0).Metrics()
		for j := range ms.Len() {
			if ms.At(j).Type() != pmetric.MetricTypeSum {
				continue
			}
			dps := ms.At(j).Sum().DataPoints()
			for k := range dps.Len() {
				dir, _ := dps.At(k).Attributes().Get("network.io.direction")
				name := ms.At(j).Name() + " " + dir.Str()
				o.points[name] = append(o.points[name], strconv.FormatInt(dps.At(k).IntValue(), 10))
				if name == "hw.network.io receive" {
					id, _ := dps.At(k).Attributes().Get("hw.id")
					o.points["hw.network.io id"] = append(o.points["hw.network.io id"], id.Str())
				}
			}
		}
	}
	return o
}

func resourceOf(logs plog.Logs, metrics pmetric.Metrics) pcommon.Map {
	if logs.ResourceLogs().Len() > 0 {
		return logs.ResourceLogs().At(0).Resource().Attributes()
	}
	return metrics.ResourceMetrics().At(0).Resource().Attributes()
}

// TestTshark has tshark's sFlow dissector decode every oracle datagram and
// compares each field, value by value in datagram order.
func TestTshark(t *testing.T) {
	bin := testutil.RequireTool(t, "tshark")
	dgs := oracleDatagrams(t)
	pcap := filepath.Join(t.TempDir(), "sflow.pcap")
	var frames []testutil.Datagram
	for i, dg := range dgs {
		frames = append(frames, testutil.Datagram{Src: netip.MustParseAddrPort("192.0.2.1:40000"), Received: time.Unix(int64(1700000000+i), 0), Payload: dg})
	}
	testutil.WriteUDPPcap(t, pcap, 6343, frames)
	args := []string{"-r", pcap, "-d", "udp.port==6343,sflow", "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=;"}
	for _, f := range oracleFields {
		args = append(args, "-e", f.tshark)
	}
	out, err := exec.Command(bin, args...).Output()
	require.NoError(t, err)
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	require.Len(t, lines, len(dgs))
	compared := 0
	for i, line := range lines {
		cols := strings.Split(line, "\t")
		require.Len(t, cols, len(oracleFields))
		o := decodeForOracle(t, dgs[i])
		for j, f := range oracleFields {
			var theirs []string
			if cols[j] != "" {
				theirs = strings.Split(cols[j], ";")
			}
			if f.skipOuter && len(theirs) > 0 {
				theirs = theirs[1:]
			}
			ours := f.ours(o)
			if f.dropZeros {
				theirs, ours = testutil.WithoutZeros(theirs), testutil.WithoutZeros(ours)
			}
			assert.Equal(t, normalise(theirs), normalise(ours), "datagram %d field %s", i+1, f.tshark)
			compared += len(ours)
		}
	}
	t.Logf("%d datagrams, %d values compared with tshark", len(dgs), compared)
	assert.Greater(t, compared, 500)
}

// normalise makes empty and nil lists equal.
func normalise(v []string) []string {
	if len(v) == 0 {
		return nil
	}
	return v
}
