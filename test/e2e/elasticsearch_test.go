// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"encoding/json"
	"fmt"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/otelcol-flows/otelcol-flows/internal/estest"
	"github.com/otelcol-flows/otelcol-flows/internal/flowpcaptest"
	kibana "github.com/otelcol-flows/otelcol-flows/internal/kibanaobjects"
	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

// flowDays are three UTC days: one that is neither today nor yesterday,
// yesterday, and today (a moment already past, whatever the time now).
func flowDays() []time.Time {
	now := time.Now().UTC()
	today := now.Truncate(24 * time.Hour)
	return []time.Time{
		today.AddDate(0, 0, -20).Add(12 * time.Hour),
		today.Add(-6 * time.Hour),
		today.Add(now.Sub(today) / 2),
	}
}

func conversations(i int) []flowpcaptest.Flow {
	ap := netip.MustParseAddrPort
	client := ap(fmt.Sprintf("81.2.69.142:%d", 40000+i))
	server := ap("89.160.20.112:443")
	return []flowpcaptest.Flow{
		{Src: client, Dst: server, Proto: 6, Packets: 5, PayloadPerPacket: 100},
		{Src: server, Dst: client, Proto: 6, Packets: 3, PayloadPerPacket: 1200},
		{Src: ap(fmt.Sprintf("[2a02:cf40::5]:%d", 5000+i)), Dst: ap("[2a02:cf40::6]:53"), Proto: 17, Packets: 2, PayloadPerPacket: 60},
		// Inside and outside the default internal_networks ([private]): outbound, inbound, internal.
		{Src: ap(fmt.Sprintf("10.0.0.1:%d", 30000+i)), Dst: ap("8.8.8.8:53"), Proto: 17, Packets: 1, PayloadPerPacket: 40},
		{Src: ap("8.8.8.8:53"), Dst: ap(fmt.Sprintf("10.0.0.1:%d", 30000+i)), Proto: 17, Packets: 1, PayloadPerPacket: 90},
		{Src: ap(fmt.Sprintf("10.1.2.3:%d", 20000+i)), Dst: ap("192.168.7.8:22"), Proto: 6, Packets: 4, PayloadPerPacket: 80},
	}
}

// wantDirection is what Filebeat's rules give with internal_networks [private] for the test
// addresses (none of them loopback or link-local).
func wantDirection(f flowpcaptest.Flow) (src, dst, flow, direction string) {
	loc := func(a netip.Addr) string {
		if a.IsPrivate() {
			return "internal"
		}
		return "external"
	}
	src, dst = loc(f.Src.Addr()), loc(f.Dst.Addr())
	switch {
	case src == "internal" && dst == "internal":
		return src, dst, "internal", "internal"
	case src == "internal":
		return src, dst, "external", "outbound"
	case dst == "internal":
		return src, dst, "external", "inbound"
	}
	return src, dst, "external", "external"
}

// TestElasticsearchSoftflowdEndToEnd: softflowd (a real exporter, NetFlow v9 and IPFIX) ->
// otelcol-flows with distribution/otel-elasticsearch.yaml -> test Elasticsearch
// with the templates scripts/es-setup.sh installs. Every flow is indexed once,
// in the index of its own day, as an ECS document with names, places and domains.
func TestElasticsearchSoftflowdEndToEnd(t *testing.T) {
	testutil.RequireTool(t, "softflowd")
	p := startESPipeline(t)

	var flows []flowpcaptest.Flow
	wantIndex := map[string]string{}
	days := flowDays()
	for v, version := range []int{9, 10} {
		// One capture per day, each replayed by its own softflowd, as a real exporter's days are.
		for i, day := range days {
			pcap := filepath.Join(t.TempDir(), "f.pcap")
			exported, err := flowpcaptest.WritePcap(pcap, conversations(10*v+i), day)
			if err != nil {
				t.Fatal(err)
			}
			flowpcaptest.Replay(t, pcap, p.ipfixAddr, version)
			for _, f := range exported {
				wantIndex[f.Key()] = "flows-" + f.First.Format("2006.01.02")
			}
			flows = append(flows, exported...)
		}
	}

	p.waitDocs(t, len(flows), 60*time.Second)
	time.Sleep(2 * time.Second) // anything beyond the expected count would be a duplicate
	byKey := map[string]estest.Document{}
	indexOf := map[string]string{}
	for _, idx := range p.es.Indices() {
		if got := p.es.IndexTemplate(idx); got != "flows" {
			t.Errorf("index %s was created from template %q, want flows", idx, got)
		}
		checkFieldTypes(t, idx, p.es.FieldTypes(idx))
		for _, d := range p.es.Docs(idx) {
			dumpDocument(t, d)
			if d.Source["netflow.type"] != "netflow_flow" {
				continue // options records (softflowd's system init time) are documents too, but not flows
			}
			k := docKey(t, d.Source)
			if _, dup := byKey[k]; dup {
				t.Errorf("flow %s indexed twice", k)
			}
			byKey[k], indexOf[k] = d, idx
		}
	}
	if len(byKey) != len(flows) {
		t.Errorf("%d distinct flows indexed, want %d", len(byKey), len(flows))
	}
	for _, f := range flows {
		d, ok := byKey[f.Key()]
		if !ok {
			t.Errorf("flow %s not indexed", f.Key())
			continue
		}
		if indexOf[f.Key()] != wantIndex[f.Key()] {
			t.Errorf("flow %s in %s, want %s (its own day)", f.Key(), indexOf[f.Key()], wantIndex[f.Key()])
		}
		checkDocument(t, f, d.Source)
	}
	if c := p.es.Counts(); c.Failed != 0 {
		t.Errorf("%d documents rejected: %+v\n%s", c.Failed, c, p.col.Output())
	}
	p.col.Stop(t)
}

// TestKibanaPanelFieldsInRealDocuments: every field a shipped Kibana panel uses is carried by
// documents of the real pipeline (distribution/otel-elasticsearch.yaml): softflowd's flows for
// addresses, names, places, AS and direction, and a Cisco ASA capture for NAT translations.
func TestKibanaPanelFieldsInRealDocuments(t *testing.T) {
	testutil.RequireTool(t, "softflowd")
	p := startESPipeline(t)
	pcap := filepath.Join(t.TempDir(), "f.pcap")
	exported, err := flowpcaptest.WritePcap(pcap, conversations(0), flowDays()[2])
	if err != nil {
		t.Fatal(err)
	}
	flowpcaptest.Replay(t, pcap, p.ipfixAddr, 10)
	sendCapture(t, p.ipfixAddr, "logstash-codec-netflow/netflow9_test_cisco_asa_1_tpl.dat",
		"logstash-codec-netflow/netflow9_test_cisco_asa_1_data.dat")
	const asaFlows = 14
	p.waitDocs(t, len(exported)+asaFlows, 60*time.Second)

	seen := map[string]bool{}
	for _, idx := range p.es.Indices() {
		for _, d := range p.es.Docs(idx) {
			for f := range d.Source {
				seen[f] = true
			}
		}
	}
	objs, err := kibana.ReadObjects("../../distribution/kibana/otelcol-flows.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	refs, err := kibana.FieldRefs(objs)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range refs {
		if !seen[r.Field] {
			t.Errorf("%s (%q) uses %s, which no document of the real pipeline carries", r.Object, r.Title, r.Field)
		}
	}
	p.col.Stop(t)
}

// sendCapture sends raw NetFlow datagrams of the receiver's test captures from one socket, so
// that they reach the same receiver worker in order (templates first).
func sendCapture(t *testing.T, addr string, files ...string) {
	t.Helper()
	conn, err := net.Dial("udp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join("../../receiver/ipfixreceiver/testdata/captures", f))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Write(data); err != nil {
			t.Fatal(err)
		}
	}
}

func docKey(t *testing.T, src map[string]any) string {
	t.Helper()
	return fmt.Sprintf("%s %s -> %s", str(src["network.iana_number"]),
		netip.AddrPortFrom(netip.MustParseAddr(str(src["source.ip"])), uint16(num(src["source.port"]))),
		netip.AddrPortFrom(netip.MustParseAddr(str(src["destination.ip"])), uint16(num(src["destination.port"]))))
}

func str(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

func num(v any) int64 {
	n, _ := v.(json.Number).Int64()
	return n
}

func checkDocument(t *testing.T, f flowpcaptest.Flow, src map[string]any) {
	t.Helper()
	k := f.Key()
	transport := map[uint8]string{6: "tcp", 17: "udp"}[f.Proto]
	want := map[string]any{
		"network.transport": transport, "source.packets": int64(f.Packets), "source.bytes": int64(f.Bytes),
		"event.kind": "event", "event.action": "netflow_flow", "observer.ip": "127.0.0.1",
		"ecs.version": "8.17.0",
	}
	want["source.locality"], want["destination.locality"], want["flow.locality"], want["network.direction"] = wantDirection(f)
	for field, v := range want {
		got := src[field]
		if n, ok := got.(json.Number); ok {
			got, _ = n.Int64()
		}
		if got != v {
			t.Errorf("%s: %s = %v, want %v", k, field, got, v)
		}
	}
	for _, routing := range []string{"elasticsearch.index", "elasticsearch.document_id", "elastic.mapping.mode"} {
		if _, ok := src[routing]; ok {
			t.Errorf("%s: routing attribute %s stored in _source", k, routing)
		}
	}
	ts, err := time.Parse(time.RFC3339Nano, str(src["@timestamp"]))
	if err != nil || ts.Format("2006.01.02") != f.First.Format("2006.01.02") {
		t.Errorf("%s: @timestamp %v is not on the flow's day %s", k, src["@timestamp"], f.First.Format(time.DateOnly))
	}
	if created, err := time.Parse(time.RFC3339Nano, str(src["event.created"])); err != nil || time.Since(created) > time.Hour {
		t.Errorf("%s: event.created %v is not the arrival time", k, src["event.created"])
	}
	if id := str(src["flow.id"]); len(id) != 11 {
		t.Errorf("%s: flow.id %q is not Filebeat's 11-character id", k, id)
	}
	if !strings.HasPrefix(str(src["netflow.exporter.address"]), "127.0.0.1:") {
		t.Errorf("%s: netflow.exporter.address %v", k, src["netflow.exporter.address"])
	}
	checkEnrichment(t, k, "source", f.Src.Addr(), src)
	checkEnrichment(t, k, "destination", f.Dst.Addr(), src)
}

// checkEnrichment: geo fields from the test database, the domain from the test DNS server.
func checkEnrichment(t *testing.T, k, side string, addr netip.Addr, src map[string]any) {
	t.Helper()
	pl, known := testPlaces[addr.String()]
	if !known {
		if src[side+".domain"] != nil {
			t.Errorf("%s: %s.domain %v for an address without PTR", k, side, src[side+".domain"])
		}
		return
	}
	if got := str(src[side+".geo.country_iso_code"]); got != pl.Country {
		t.Errorf("%s: %s.geo.country_iso_code = %q, want %q", k, side, got, pl.Country)
	}
	loc, ok := src[side+".geo.location"].(map[string]any)
	if !ok || loc["lat"] == nil || loc["lon"] == nil {
		t.Errorf("%s: %s.geo.location = %v, want {lat, lon}", k, side, src[side+".geo.location"])
	}
	if pl.ASN != 0 && (num(src[side+".as.number"]) != int64(pl.ASN) || str(src[side+".as.organization.name"]) != pl.ASOrg) {
		t.Errorf("%s: %s.as = %v %v, want %d %s", k, side, src[side+".as.number"], src[side+".as.organization.name"], pl.ASN, pl.ASOrg)
	}
	if got := strings.TrimSuffix(str(src[side+".domain"]), "."); got != strings.TrimSuffix(pl.PTR, ".") {
		t.Errorf("%s: %s.domain = %q, want %q", k, side, got, pl.PTR)
	}
}

// checkFieldTypes: the template's ECS types were applied, and no field fell
// through to Elasticsearch's default dynamic mapping (text).
func checkFieldTypes(t *testing.T, idx string, types map[string]string) {
	t.Helper()
	want := map[string]string{
		"@timestamp": "date", "source.ip": "ip", "destination.ip": "ip", "observer.ip": "ip",
		"source.geo.location": "geo_point", "source.port": "long", "event.end": "date",
		"network.transport": "keyword", "source.domain": "keyword", "netflow.exporter.address": "keyword",
	}
	for f, typ := range want {
		if types[f] != typ {
			t.Errorf("%s: %s mapped as %q, want %q", idx, f, types[f], typ)
		}
	}
	for f, typ := range types {
		if typ == "text" {
			t.Errorf("%s: %s has no template mapping (dynamic text)", idx, f)
		}
		if strings.HasSuffix(f, "_address") && strings.Contains(f, "ipv") && typ != "ip" {
			t.Errorf("%s: %s mapped as %q, want ip", idx, f, typ)
		}
	}
}

// dumpDocument appends a document to $ES_E2E_DUMP, when set: that is how the
// example in docs/elasticsearch.md was taken.
func dumpDocument(t *testing.T, d estest.Document) {
	t.Helper()
	path := os.Getenv("ES_E2E_DUMP")
	if path == "" {
		return
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, _ := json.MarshalIndent(map[string]any{"_id": d.ID, "_source": d.Source}, "", "  ")
	_, _ = f.Write(append(b, '\n'))
}
