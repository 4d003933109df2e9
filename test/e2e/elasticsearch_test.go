package e2e

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/otelcol-flows/otelcol-flows/internal/estest"
	"github.com/otelcol-flows/otelcol-flows/internal/flowpcaptest"
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
	}
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
		"event.kind": "event", "event.action": "network_flow", "observer.ip": "127.0.0.1",
	}
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
