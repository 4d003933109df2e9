// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"fmt"
	"net/netip"
	"sort"
	"strings"
	"testing"
	"time"

	protoproducer "github.com/netsampler/goflow2/v2/producer/proto"
	"go.opentelemetry.io/collector/pdata/plog"
)

// flowView is what both decoders must agree on for one flow record.
type flowView map[string]string

func ourView(lr plog.LogRecord) flowView {
	v := flowView{}
	a := lr.Attributes()
	get := func(k string) string {
		if x, ok := a.Get(k); ok {
			return x.AsString()
		}
		return ""
	}
	v["src"], v["dst"] = get("source.ip"), get("destination.ip")
	// A wireless controller's station address fills an end without address elements (Filebeat's
	// rule); goflow2 reads only the address elements, so compare those.
	if get("netflow.source_ipv4_address")+get("netflow.source_ipv6_address") == "" {
		v["src"] = ""
	}
	if get("netflow.destination_ipv4_address")+get("netflow.destination_ipv6_address") == "" {
		v["dst"] = ""
	}
	v["sport"], v["dport"], v["proto"] = get("source.port"), get("destination.port"), get("network.iana_number")
	v["bytes"], v["packets"] = get("source.bytes"), get("source.packets")
	v["in_if"], v["out_if"] = get("observer.ingress.interface.id"), get("observer.egress.interface.id")
	if s := get("event.start"); s != "" {
		t, _ := time.Parse(time.RFC3339Nano, s)
		v["start"] = fmt.Sprint(t.UnixNano())
	}
	if s := get("netflow.exporter.timestamp"); s != "" {
		t, _ := time.Parse(time.RFC3339Nano, s)
		v["_export"] = fmt.Sprint(t.UnixNano())
	}
	if s := get("event.end"); s != "" {
		t, _ := time.Parse(time.RFC3339Nano, s)
		v["end"] = fmt.Sprint(t.UnixNano())
	}
	return v
}

func goflowView(m *protoproducer.ProtoProducerMessage) flowView {
	src, _ := netip.AddrFromSlice(m.SrcAddr)
	dst, _ := netip.AddrFromSlice(m.DstAddr)
	return flowView{"src": src.Unmap().String(), "dst": dst.Unmap().String(), "sport": fmt.Sprint(m.SrcPort),
		"dport": fmt.Sprint(m.DstPort), "proto": fmt.Sprint(m.Proto), "bytes": fmt.Sprint(m.Bytes),
		"packets": fmt.Sprint(m.Packets), "in_if": fmt.Sprint(m.InIf), "out_if": fmt.Sprint(m.OutIf),
		"start": fmt.Sprint(m.TimeFlowStartNs), "end": fmt.Sprint(m.TimeFlowEndNs)}
}

// TestDifferentialGoflow2 decodes every capture with goflow2 v2.2.6 and with us, and compares
// every flow record field by field; each disagreement must be one of the explained ones.
func TestDifferentialGoflow2(t *testing.T) {
	var unexplained []string
	seen := map[string]int{}
	for _, r := range allReplays(t) {
		logs, _, _ := decodeReplay(t, testConfig(), r)
		var ours []flowView
		for _, lr := range flatRecords(logs) {
			if v, _ := lr.Attributes().Get("netflow.type"); v.Str() == "netflow_flow" {
				ours = append(ours, ourView(lr))
			}
		}
		g := newGoflowPeer()
		var theirs []flowView
		for _, p := range r.packets {
			msgs, _ := g.decode(p)
			for _, m := range msgs {
				theirs = append(theirs, goflowView(m))
			}
		}
		sortViews(ours)
		sortViews(theirs)
		if len(ours) != len(theirs) {
			if why := countDisagreements[r.name]; why != "" {
				t.Logf("%s: %d records, goflow2 %d: %s", r.name, len(ours), len(theirs), why)
			} else {
				unexplained = append(unexplained, fmt.Sprintf("%s: %d records, goflow2 %d", r.name, len(ours), len(theirs)))
			}
			continue
		}
		for i := range ours {
			for k, want := range theirs[i] {
				got, hasOurs := ours[i][k]
				if got == want || (!hasOurs && (k == "start" || k == "end")) {
					continue
				}
				why := explain(k, got, want, ours[i]["_export"])
				if why == "" && (want == "0" || want == "invalid IP") {
					why = fieldDisagreements[r.name]
				}
				if why == "" {
					unexplained = append(unexplained, fmt.Sprintf("%s #%d %s: ours %q goflow2 %q", r.name, i, k, got, want))
				}
				seen[why]++
			}
		}
	}
	for why, n := range seen {
		if why != "" {
			t.Logf("%d explained disagreements: %s", n, why)
		}
	}
	for _, u := range unexplained {
		t.Error(u)
	}
}

func sortViews(vs []flowView) {
	key := func(v flowView) string {
		return strings.Join([]string{v["src"], v["dst"], v["sport"], v["dport"], v["proto"], v["in_if"], v["end"]}, "|")
	}
	sort.SliceStable(vs, func(i, j int) bool { return key(vs[i]) < key(vs[j]) })
}

// Record-count disagreements, by capture.
const (
	whyConcatenated = "the file holds several messages captured with nc -k; each message states its length " +
		"(RFC 7011 section 3.1; v5: count x 48 bytes) and we decode them all, goflow2 only the first"
	whyUnknownSet = "a set whose template is unknown is skipped or buffered and the message's other sets " +
		"still decode (RFC 7011 section 8, RFC 3954 section 9); goflow2 drops the whole message"
	whyV5Count = "the v5 header count exceeds the records present; we decode the records the datagram " +
		"holds and count the rest as malformed, goflow2 emits count records, zero-filled"
)

var countDisagreements = map[string]string{
	"ipfix":                     whyConcatenated,
	"psamp_ipfix_313":           whyConcatenated,
	"juniper_inline_315":        whyConcatenated,
	"netflow5":                  whyConcatenated,
	"netflow5_test_invalid01":   whyV5Count,
	"netflow5_test_invalid02":   whyV5Count,
	"ipfix_test_netscaler_data": whyUnknownSet,
	"netflow9_test_iptnetflow_reduced_size_encoding_tpldata260": whyUnknownSet,
	"netflow9_test_invalid01": "the header count is 2 but the packet holds 4 flowsets; RFC 3954 section 5.1 " +
		"defines count as the number of records, so collectors walk flowsets by their lengths; goflow2 " +
		"stops after count flowsets (template and options template) and never reaches the data",
}

// Field disagreements of a whole capture, where goflow2 reports zero.
var fieldDisagreements = map[string]string{
	"cisco_v9_104_data": "the record's flow is its sampled frame (NetFlow v9 layer2packetSectionData, 104) and " +
		"its interfaces ingress/egressPhysicalInterface (252/253); goflow2 decodes neither",
}

// explain names the RFC clause or element definition that settles a field disagreement, or "".
func explain(field, ours, theirs, export string) string {
	switch {
	case ours == "" && (theirs == "0" || theirs == "invalid IP"):
		return "element absent from the template: goflow2's protobuf message reports a zero value, we write " +
			"no attribute (RFC 7011 section 3.4.1: a record holds exactly its template's fields)"
	case (field == "bytes" || field == "packets") && theirs == "0":
		return "goflow2 maps only octetDeltaCount/packetDeltaCount (IANA 1/2); the record counts with " +
			"octetTotalCount/packetTotalCount, initiatorOctets/Packets or postOctet/PacketDeltaCount " +
			"(IANA 85/86, 231/298, 23/24), which are that flow's counters (RFC 7012 section 5.10)"
	case (field == "start" || field == "end") && theirs == export:
		return "goflow2 stamps the export time when the record has no time element it maps; we use the " +
			"record's flowStart/EndSeconds/Milliseconds or observationTimeMilliseconds (IANA 150-153, 323)"
	}
	return ""
}
