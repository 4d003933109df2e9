// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"maps"
	"net"
	"net/netip"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/cespare/xxhash/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/processor/processortest"

	"github.com/otelcol-flows/otelcol-flows/processor/networkdirectionprocessor"
)

// This file is a second, independent implementation of what Filebeat's netflow input (and the
// Elastic NetFlow integration's ingest pipeline, which sets network.direction) writes for a
// flow record, learnt from their source and golden files (Elastic License: the rules are
// re-implemented here, nothing is copied). It reads only the record's netflow.* element
// copies, never our ECS fields, with Go's net package as Filebeat does, and is compared field
// by field with what the decoder and the networkdirection processor write. Every divergence
// must be one of the differences docs/fields.md lists (filebeatDifferences).

// parityFields are the ECS fields compared.
var parityFields = []string{
	"event.kind", "event.action", "event.category", "event.type",
	"source.ip", "source.port", "source.mac", "source.bytes", "source.packets", "source.locality",
	"destination.ip", "destination.port", "destination.mac", "destination.bytes", "destination.packets", "destination.locality",
	"client.ip", "client.port", "client.mac", "client.bytes", "client.packets", "client.locality",
	"server.ip", "server.port", "server.mac", "server.bytes", "server.packets", "server.locality",
	"flow.id", "flow.locality", "network.direction", "network.iana_number", "network.bytes", "network.packets",
	"related.ip",
}

// fbRecord is a flow record as Filebeat sees it: its elements by our netflow.* key.
type fbRecord map[string]pcommon.Value

func (r fbRecord) uint(key string) (uint64, bool) {
	v, ok := r["netflow."+key]
	if !ok || v.Type() != pcommon.ValueTypeInt {
		return 0, false
	}
	return uint64(v.Int()), true
}

func (r fbRecord) ip(key string) (net.IP, bool) {
	v, ok := r["netflow."+key]
	if !ok {
		return nil, false
	}
	ip := net.ParseIP(v.Str())
	if ip == nil {
		return nil, false
	}
	if strings.Contains(key, "ipv4") {
		ip = ip.To4() // Filebeat decodes ipv4Address into 4 bytes, ipv6Address into 16
	}
	return ip, true
}

// firstPresent is Filebeat's counter choice: the first element present, even when it is zero.
func (r fbRecord) firstPresent(keys ...string) (uint64, bool) {
	for _, k := range keys {
		if v, ok := r.uint(k); ok {
			return v, true
		}
	}
	return 0, false
}

// fbPrivate is libbeat's "private" named network, and fbLocal what Filebeat always counts internal.
var fbPrivate = []string{"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fd00::/8"}

func fbLocality(ip net.IP) string {
	for _, c := range fbPrivate {
		_, n, _ := net.ParseCIDR(c)
		if n.Contains(ip) {
			return "internal"
		}
	}
	if ip.IsLoopback() || ip.IsUnspecified() || ip.Equal(net.IPv4bcast) || ip.IsLinkLocalUnicast() ||
		ip.IsLinkLocalMulticast() || ip.IsInterfaceLocalMulticast() {
		return "internal"
	}
	return "external"
}

func fbFlowID(src, dst net.IP, sport, dport uint16, proto uint8) string {
	h := xxhash.New()
	first, second := [2]any{src, sport}, [2]any{dst, dport}
	if sport < dport {
		first, second = second, first
	}
	for _, end := range [][2]any{first, second} {
		_, _ = h.Write(end[0].(net.IP))
		_ = binary.Write(h, binary.BigEndian, end[1].(uint16))
	}
	_ = binary.Write(h, binary.BigEndian, proto)
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil))
}

type fbEnd map[string]string

// filebeatExpect returns the parity fields Filebeat writes for the record, as strings
// (arrays sorted and joined by ",").
func filebeatExpect(r fbRecord) map[string]string {
	out := map[string]string{"event.kind": "event", "event.action": "netflow_flow", "event.category": "network", "event.type": "connection"}
	src, dst := fbEnd{}, fbEnd{}
	var related []string
	end := func(e fbEnd, side string) {
		ip, ok := r.ip(side + "_ipv4_address")
		if !ok {
			ip, ok = r.ip(side + "_ipv6_address")
		}
		if ok {
			e["ip"], e["locality"] = ip.String(), fbLocality(ip)
			related = append(related, ip.String())
		}
		if p, ok := r.uint(side + "_transport_port"); ok {
			e["port"] = fmt.Sprint(p)
		}
		if m, ok := r["netflow."+side+"_mac_address"]; ok {
			e["mac"] = fbMAC(m.Str())
		}
	}
	fbWireless(r, src, dst)
	end(src, "source")
	end(dst, "destination")
	// The flow id hashes whatever ended up as each end's address (the station's, too).
	srcIP, dstIP := fbEndIP(src), fbEndIP(dst)
	sport, _ := r.uint("source_transport_port")
	dport, _ := r.uint("destination_transport_port")
	proto, hasProto := r.uint("protocol_identifier")
	if srcIP == nil {
		srcIP = net.IPv4zero.To4()
	}
	if dstIP == nil {
		dstIP = net.IPv4zero.To4()
	}
	out["flow.id"] = fbFlowID(srcIP, dstIP, uint16(sport), uint16(dport), uint8(proto))
	out["flow.locality"] = "external"
	if fbLocality(srcIP) == "internal" && fbLocality(dstIP) == "internal" {
		out["flow.locality"] = "internal"
	}
	if hasProto {
		out["network.iana_number"] = fmt.Sprint(proto)
	}
	fbCounters(r, src, dst, out)
	if dir, ok := r.uint("biflow_direction"); ok && len(src) > 0 && len(dst) > 0 {
		if dir == 2 {
			src, dst = dst, src
		}
		out["event.category"] = "network,session"
		for k, v := range src {
			out["client."+k] = v
		}
		for k, v := range dst {
			out["server."+k] = v
		}
	}
	for k, v := range src {
		out["source."+k] = v
	}
	for k, v := range dst {
		out["destination."+k] = v
	}
	out["network.direction"] = fbDirection(out["source.locality"], out["destination.locality"])
	if len(related) > 0 {
		sort.Strings(related)
		out["related.ip"] = strings.Join(slices.Compact(related), ",")
	}
	return out
}

// fbMAC writes a MAC address as Filebeat does (ECS: upper case, dashes), whatever our copy says.
func fbMAC(s string) string {
	hw, err := net.ParseMAC(s)
	if err != nil {
		return "unparseable " + s
	}
	return strings.ToUpper(strings.ReplaceAll(hw.String(), ":", "-"))
}

func fbEndIP(e fbEnd) net.IP {
	ip := net.ParseIP(e["ip"])
	if ip4 := ip.To4(); ip4 != nil && !strings.Contains(e["ip"], ":") {
		return ip4
	}
	return ip
}

// fbWireless: with flowDirection, a wireless controller's station and access point MACs (and
// the station's address) fill the ends first; outbound (1) makes the station the destination.
func fbWireless(r fbRecord, src, dst fbEnd) {
	dir, ok := r.uint("flow_direction")
	sta, hasSta := r["netflow.sta_mac_address"]
	wtp, hasWtp := r["netflow.wtp_mac_address"]
	if !ok || !hasSta || !hasWtp {
		return
	}
	station, ap := src, dst
	if dir == 1 {
		station, ap = dst, src
	}
	station["mac"], ap["mac"] = fbMAC(sta.Str()), fbMAC(wtp.Str())
	if ip, ok := r.ip("sta_ipv4_address"); ok {
		station["ip"], station["locality"] = ip.String(), fbLocality(ip)
	}
}

func fbCounters(r fbRecord, src, dst fbEnd, out map[string]string) {
	bytes, hasBytes := r.firstPresent("octet_delta_count", "octet_total_count", "initiator_octets")
	pkts, hasPkts := r.firstPresent("packet_delta_count", "packet_total_count", "initiator_packets")
	revBytes, hasRevBytes := r.firstPresent("reverse_octet_delta_count", "reverse_octet_total_count", "responder_octets")
	revPkts, hasRevPkts := r.firstPresent("reverse_packet_delta_count", "reverse_packet_total_count", "responder_packets")
	if hasRevBytes {
		dst["bytes"] = fmt.Sprint(revBytes)
	}
	if hasRevPkts {
		dst["packets"] = fmt.Sprint(revPkts)
	}
	if hasBytes {
		src["bytes"] = fmt.Sprint(bytes)
		out["network.bytes"] = fmt.Sprint(bytes + revBytes)
	}
	if hasPkts {
		src["packets"] = fmt.Sprint(pkts)
		out["network.packets"] = fmt.Sprint(pkts + revPkts)
	}
}

// fbDirection is the integration pipeline's rule; without both localities it leaves
// "unknown" (or the flowDirection element's name, from the input).
func fbDirection(src, dst string) string {
	switch {
	case src == "external" && dst == "internal":
		return "inbound"
	case src == "internal" && dst == "external":
		return "outbound"
	case src == "internal" && dst == "internal":
		return "internal"
	case src == "external" && dst == "external":
		return "external"
	}
	return "unknown"
}

// ourParityView is our record's parity fields as strings; NAT addresses, which only we add
// to related.ip, are left out of it.
func ourParityView(a pcommon.Map) map[string]string {
	out := map[string]string{}
	for _, k := range parityFields {
		v, ok := a.Get(k)
		if !ok {
			continue
		}
		if v.Type() != pcommon.ValueTypeSlice {
			out[k] = v.AsString()
			continue
		}
		var items []string
		for _, x := range v.Slice().All() {
			items = append(items, x.AsString())
		}
		if k == "related.ip" {
			items = slices.DeleteFunc(items, func(s string) bool {
				end := attrIs(a, "source.ip", s) || attrIs(a, "destination.ip", s)
				return !end && (attrIs(a, "source.nat.ip", s) || attrIs(a, "destination.nat.ip", s))
			})
			sort.Strings(items)
		}
		out[k] = strings.Join(items, ",")
	}
	return out
}

func attrIs(a pcommon.Map, k, s string) bool {
	v, ok := a.Get(k)
	return ok && v.Str() == s
}

// filebeatDifference is a documented, deliberate difference (docs/fields.md, "Filebeat
// parity"): applies says whether it explains a divergence of field on this record.
type filebeatDifference struct {
	name    string
	applies func(r fbRecord, field, ours, theirs string) bool
}

var filebeatDifferences = []filebeatDifference{
	{"event.action is the RFC 8158 natEvent name on NAT event records", func(r fbRecord, field, ours, _ string) bool {
		_, nat := r.uint("nat_event")
		return field == "event.action" && nat && ours != "netflow_flow"
	}},
	{"counters: the first non-zero of more elements, not the first present", func(r fbRecord, field, ours, theirs string) bool {
		counter := strings.HasSuffix(field, ".bytes") || strings.HasSuffix(field, ".packets")
		return counter && (theirs == "" || theirs == "0") && ours != "" && ours != "0"
	}},
	{"no direction, flow locality or flow id guessed from a missing address", func(r fbRecord, field, ours, _ string) bool {
		_, src := r.ip("source_ipv4_address")
		_, src6 := r.ip("source_ipv6_address")
		_, dst := r.ip("destination_ipv4_address")
		_, dst6 := r.ip("destination_ipv6_address")
		guessed := field == "network.direction" || field == "flow.locality" || field == "flow.id"
		return guessed && ours == "" && (!(src || src6) || !(dst || dst6))
	}},
	{"a sampled packet section (313-315, v9 104) decoded into the flow's fields", func(r fbRecord, _, _, _ string) bool {
		for _, k := range []string{"data_link_frame_section", "ip_header_packet_section", "ip_payload_packet_section", "layer2packet_section_data"} {
			if _, ok := r["netflow."+k]; ok {
				return true
			}
		}
		return false
	}},
	{"an end sent in both families: the specified address, not always the IPv4 one", func(r fbRecord, field, _, _ string) bool {
		_, s4 := r["netflow.source_ipv4_address"]
		_, s6 := r["netflow.source_ipv6_address"]
		_, d4 := r["netflow.destination_ipv4_address"]
		_, d6 := r["netflow.destination_ipv6_address"]
		addressDerived := strings.HasSuffix(field, ".ip") || strings.HasSuffix(field, "locality") ||
			field == "flow.id" || field == "network.direction" || field == "related.ip"
		return addressDerived && (s4 && s6 || d4 && d6)
	}},
}

// parityDivergences compares one record and returns the divergences no difference explains,
// counting the explained ones in explained.
func parityDivergences(r fbRecord, ours map[string]string, explained map[string]int) []string {
	theirs := filebeatExpect(r)
	var out []string
	for _, f := range parityFields {
		if ours[f] == theirs[f] {
			continue
		}
		known := false
		for _, d := range filebeatDifferences {
			if d.applies(r, f, ours[f], theirs[f]) {
				explained[d.name]++
				known = true
				break
			}
		}
		if !known {
			out = append(out, fmt.Sprintf("%s: ours %q, Filebeat %q", f, ours[f], theirs[f]))
		}
	}
	return out
}

// withDirection runs the logs through the networkdirection processor with its default
// internal_networks ([private], Filebeat's default).
func withDirection(t *testing.T, ld plog.Logs) plog.Logs {
	t.Helper()
	f := networkdirectionprocessor.NewFactory()
	sink := new(consumertest.LogsSink)
	p, err := f.CreateLogs(context.Background(), processortest.NewNopSettings(f.Type()), f.CreateDefaultConfig(), sink)
	require.NoError(t, err)
	require.NoError(t, p.Start(context.Background(), componenttest.NewNopHost()))
	require.NoError(t, p.ConsumeLogs(context.Background(), ld))
	require.NoError(t, p.Shutdown(context.Background()))
	return sink.AllLogs()[0]
}

// biflowReplay is an RFC 5103 biflow in both biflowDirection values (no capture has one).
func biflowReplay() replay {
	fields := append(append([]fieldSpec{}, simpleFields...),
		fieldSpec{PEN: 29305, ID: 1, Length: 8}, fieldSpec{ID: 239, Length: 1}, fieldSpec{ID: 56, Length: 6})
	rec := func(src, dst string, sport, dport uint16, dir byte) []byte {
		return cat(simpleRecord(src, dst, sport, dport, 300), binary.BigEndian.AppendUint64(nil, 700), []byte{dir},
			[]byte{0x0a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f})
	}
	msg := ipfixMsg(1, 0, set(2, tmplRec(300, fields...)),
		set(300, rec("10.0.0.1", "8.8.8.8", 50000, 443, 1), rec("8.8.4.4", "192.168.1.2", 443, 50001, 2)))
	return replay{name: "synthetic_biflow", packets: []Packet{{Exporter: netip.MustParseAddrPort("192.0.2.1:4739"), Data: msg}}}
}

// TestFilebeatParity decodes every capture (and a synthetic biflow) and compares each flow
// record with what Filebeat's rules give for the same elements.
func TestFilebeatParity(t *testing.T) {
	explained := map[string]int{}
	compared := 0
	for _, r := range append(allReplays(t), biflowReplay()) {
		logs, _, _ := decodeReplay(t, testConfig(), r)
		if logs.LogRecordCount() == 0 {
			continue
		}
		for i, lr := range flatRecords(withDirection(t, logs)) {
			a := lr.Attributes()
			if v, _ := a.Get("netflow.type"); v.Str() != "netflow_flow" {
				continue
			}
			compared++
			for _, d := range parityDivergences(elementsOf(a), ourParityView(a), explained) {
				t.Errorf("%s record %d: %s", r.name, i, d)
			}
		}
	}
	require.Greater(t, compared, 600)
	t.Logf("%d flow records compared; documented differences met: %v", compared, explained)
}

func elementsOf(a pcommon.Map) fbRecord {
	r := fbRecord{}
	for k, v := range a.All() {
		if strings.HasPrefix(k, "netflow.") {
			r[k] = v
		}
	}
	return r
}

// TestFilebeatParityCatchesADivergence shows the comparison fails when one of our fields
// differs: each parity field of a real record, changed, is reported.
func TestFilebeatParityCatchesADivergence(t *testing.T) {
	logs, _, _ := decodeReplay(t, testConfig(), biflowReplay())
	recs := flatRecords(withDirection(t, logs))
	for _, lr := range recs {
		a := lr.Attributes()
		ours := ourParityView(a)
		require.Empty(t, parityDivergences(elementsOf(a), ours, map[string]int{}))
		for _, f := range parityFields {
			if _, ok := ours[f]; !ok {
				continue
			}
			changed := maps.Clone(ours)
			changed[f] = "x" + changed[f]
			assert.NotEmpty(t, parityDivergences(elementsOf(a), changed, map[string]int{}), "a wrong %s must be reported", f)
		}
	}
	a := recs[1].Attributes()
	assert.Equal(t, "8.8.4.4", ourParityView(a)["server.ip"], "reverseInitiator: the ends are swapped")
	assert.Equal(t, "192.168.1.2", ourParityView(a)["source.ip"])
	assert.Equal(t, "outbound", ourParityView(a)["network.direction"])
	assert.Equal(t, "network,session", ourParityView(a)["event.category"])
}
