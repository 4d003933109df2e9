// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"io"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/otelcol-flows/otelcol-flows/internal/estest"
)

// numberedFlows are flows that differ by source port (20000+i), so that each
// can be found in Elasticsearch and no two hash to the same document id.
func numberedFlows(from, n int, src string, at time.Time) []ipfixFlow {
	flows := make([]ipfixFlow, n)
	for i := range flows {
		flows[i] = ipfixFlow{
			Src:   netip.AddrPortFrom(netip.MustParseAddr(src), uint16(20000+from+i)),
			Dst:   netip.MustParseAddrPort("89.160.20.112:443"),
			Proto: 6, Bytes: uint64(100 + i), Packets: 2,
			Start: at.Add(-time.Second), End: at,
		}
	}
	return flows
}

// flowPorts counts flow documents by source port across all indices.
func flowPorts(es *estest.Server) map[int64]int { return flowPortsFrom(es, "") }

// flowPortsFrom is flowPorts for the flows from one source address ("" for all): tests that send
// more than one stream number each one's source ports from the same base.
func flowPortsFrom(es *estest.Server, sourceIP string) map[int64]int {
	seen := map[int64]int{}
	for _, idx := range es.Indices() {
		for _, d := range es.Docs(idx) {
			if d.Source["netflow.type"] == "netflow_flow" && (sourceIP == "" || d.Source["source.ip"] == sourceIP) {
				seen[num(d.Source["source.port"])]++
			}
		}
	}
	return seen
}

// TestElasticsearchOutage sends a steady 200 flows/s while Elasticsearch
// answers 429, then 503, then loses responses (the bulk is applied, the
// answer never arrives), then refuses connections for 30 seconds. Every flow
// sent must be indexed.
//
// The delivery guarantee is at least once: the exporter retries until
// Elasticsearch answers, and its queue is on disk. Re-deliveries happen (a
// lost response is retried), but every document carries an id derived from
// its content (ecsdocument's document_id), so Elasticsearch answers a
// re-delivered document with 409 instead of storing it twice: the only
// duplicates allowed are those rejected conflicts, and none may be stored.
func TestElasticsearchOutage(t *testing.T) {
	if testing.Short() {
		t.Skip("takes about a minute and a half")
	}
	p := startESPipeline(t)
	conn := dialUDP(t, p.ipfixAddr)

	const perTick, tick, duration = 10, 50 * time.Millisecond, 48 * time.Second
	// Elasticsearch's misbehaviours, one after the other, under a steady load.
	phases := []struct {
		at   time.Duration
		mode estest.Mode
	}{
		{3 * time.Second, estest.ModeTooManyRequests},
		{5 * time.Second, estest.ModeUnavailable},
		{7 * time.Second, estest.ModeLoseResponse},
		{10 * time.Second, estest.ModeRefuse},
		{40 * time.Second, estest.ModeNormal},
	}
	var seq uint32
	sent := 0
	start := time.Now()
	for time.Since(start) < duration {
		if len(phases) > 0 && time.Since(start) > phases[0].at {
			if err := p.es.SetMode(phases[0].mode); err != nil {
				t.Fatal(err)
			}
			phases = phases[1:]
		}
		seq = sendIPFIX(t, conn, seq, numberedFlows(sent, perTick, "81.2.69.142", time.Now()), perTick)
		sent += perTick
		time.Sleep(tick)
	}
	if len(phases) != 0 {
		t.Fatalf("%d outage phases not run", len(phases))
	}

	c := p.waitDocs(t, sent, 90*time.Second)
	time.Sleep(2 * time.Second)
	seen := flowPorts(p.es)
	for i := 0; i < sent; i++ {
		switch n := seen[int64(20000+i)]; n {
		case 1:
		case 0:
			t.Errorf("flow %d was lost", i)
		default:
			t.Errorf("flow %d stored %d times", i, n)
		}
	}
	c = p.es.Counts()
	t.Logf("sent %d flows; Elasticsearch: %+v", sent, c)
	if len(seen) != sent {
		t.Errorf("%d flows indexed, %d sent", len(seen), sent)
	}
	if c.RejectedRequests == 0 {
		t.Errorf("no request was answered 429 or 503")
	}
	if c.LostResponses == 0 || c.Conflicts == 0 {
		t.Errorf("no re-delivery was provoked (lost responses %d, conflicts %d): the test did not exercise duplicates", c.LostResponses, c.Conflicts)
	}
	if strings.Contains(p.col.Output(), "Dropping data") {
		t.Errorf("the exporter dropped data:\n%s", p.col.Output())
	}
	p.col.Stop(t)
}

// TestElasticsearchMappingRejection: a document the mapping rejects (a
// location with latitude 95, from a damaged GeoIP entry) is counted and
// logged, and does not hold back the others of its bulk request.
func TestElasticsearchMappingRejection(t *testing.T) {
	p := startESPipeline(t)
	conn := dialUDP(t, p.ipfixAddr)
	now := time.Now()
	good := numberedFlows(0, 40, "81.2.69.142", now)
	bad := numberedFlows(40, 3, "175.16.199.1", now)
	// Bad ones in the middle of the same messages as good ones.
	all := append(append(append([]ipfixFlow{}, good[:20]...), bad...), good[20:]...)
	sendIPFIX(t, conn, 0, all, 10)

	deadline := time.Now().Add(60 * time.Second)
	for {
		c := p.es.Counts()
		if c.Created >= len(good) && c.Failed >= len(bad) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("counts %+v, want %d created and %d rejected\n%s", c, len(good), len(bad), p.col.Output())
		}
		time.Sleep(200 * time.Millisecond)
	}
	seen := flowPorts(p.es)
	for i := range good {
		if seen[int64(20000+i)] != 1 {
			t.Errorf("good flow %d indexed %d times", i, seen[int64(20000+i)])
		}
	}
	for i := range bad {
		if seen[int64(20040+i)] != 0 {
			t.Errorf("rejected flow %d is stored", i)
		}
	}
	if c := p.es.Counts(); c.Failed != len(bad) {
		t.Errorf("%d rejected, want %d", c.Failed, len(bad))
	}
	// Counted by the exporter's own telemetry, and logged with the reason.
	waitFor(t, 10*time.Second, func() bool {
		return p.metric(t, "otelcol_elasticsearch_docs_processed",
			`outcome="failed_client"`, `error_type="document_parsing_exception"`) == float64(len(bad))
	}, "otelcol_elasticsearch_docs_processed{outcome=failed_client} counts the rejected documents")
	if t.Failed() {
		resp, err := http.Get("http://127.0.0.1:" + strconv.Itoa(p.metricsPort) + "/metrics")
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			for _, l := range strings.Split(string(b), "\n") {
				if strings.Contains(l, "elasticsearch") {
					t.Log(l)
				}
			}
		}
	}
	out := p.col.Output()
	if strings.Count(out, "failed to index document") != len(bad) || !strings.Contains(out, "document_parsing_exception") {
		t.Errorf("each rejected document is logged with its error type; log:\n%s", out)
	}
	p.col.Stop(t)
}

func waitFor(t *testing.T, timeout time.Duration, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Errorf("timed out waiting: %s", what)
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
}
