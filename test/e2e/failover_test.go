// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"encoding/binary"
	"fmt"
	"net"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

// TestCollectorFailoverCost measures what moving an exporter from collector A to collector B
// costs in flows (docs/scale-out.md, "Many collectors behind one address"). The exporter sends
// its template once, then only data until its next template refresh, as IPFIX and NetFlow v9
// exporters over UDP do (every few minutes, or every N packets). After A stops, B receives
// failoverPackets data packets before the refresh:
//
//   - B on its own empty state directory knows no template: it buffers the first
//     limits::pending::max_records (1,000) records and drops the rest, counted in
//     receiver_ipfix_records_dropped; the buffered ones are decoded at the refresh.
//   - B on A's state directory (a shared or replicated directory, a standby taking over A's
//     address) restores A's templates at start and decodes everything.
func TestCollectorFailoverCost(t *testing.T) {
	const failoverPackets, perPacket = 100, 30
	for _, shared := range []bool{false, true} {
		t.Run("shared_state="+strconv.FormatBool(shared), func(t *testing.T) {
			exporter := &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: testutil.FreeUDPPort(t)}
			stateA := t.TempDir()
			a := startFailoverCollector(t, stateA)
			seq := a.send(t, exporter, 0, true, 1)
			a.waitAccepted(t, perPacket)
			a.col.Stop(t) // a clean stop saves the templates; a crash loses those learned in its last 5 s

			stateB := t.TempDir()
			if shared {
				stateB = stateA
			}
			b := startFailoverCollector(t, stateB)
			seq = b.send(t, exporter, seq, false, failoverPackets)
			b.send(t, exporter, seq, true, 1) // the exporter's template refresh
			sent := float64((failoverPackets + 1) * perPacket)
			// With A's templates everything decodes. Without, the refresh's records are decoded
			// with the buffered ones, in one batch, after everything else B got: once some are
			// accepted and nothing is pending, B has done all it will do.
			var accepted float64
			waitFor(t, 30*time.Second, func() bool {
				accepted = metricSum(t, b.metrics, "otelcol_receiver_accepted_log_records")
				if shared {
					return accepted == sent
				}
				return accepted >= perPacket && metricSum(t, b.metrics, "otelcol_receiver_ipfix_pending_records") == 0
			}, "B done with what it received")
			dropped := metricSum(t, b.metrics, "otelcol_receiver_ipfix_records_dropped")
			lost := sent - accepted
			// Without a template the receiver cannot know a data set's record count: its drop
			// counter estimates it from the set's length, so it is not compared with lost exactly.
			t.Logf("failover with shared_state=%v: %v of %v flows lost (receiver_ipfix_records_dropped: %v)", shared, lost, sent, dropped)
			if shared && lost != 0 {
				t.Errorf("B on A's state lost %v flows, want 0", lost)
			}
			if !shared && (lost == 0 || dropped == 0) {
				t.Errorf("B without A's templates lost %v of %v flows (%v counted as dropped): want a counted loss", lost, sent, dropped)
			}
			b.col.Stop(t)
		})
	}
}

type failoverCollector struct {
	col     *collector
	addr    *net.UDPAddr
	metrics int
}

func startFailoverCollector(t *testing.T, stateDir string) *failoverCollector {
	t.Helper()
	health, metrics, port := testutil.FreeTCPPort(t), testutil.FreeTCPPort(t), testutil.FreeUDPPort(t)
	cfg := fmt.Sprintf(healthCheckExtension+`  file_storage/state:
    directory: %s
receivers:
  ipfix:
    endpoint: 127.0.0.1:%d
    storage: file_storage/state
    batch:
      timeout: 50ms
exporters:
  file:
    path: %s
    flush_interval: 100ms
service:
  extensions: [health_check, file_storage/state]
  telemetry:
    metrics:
      level: detailed
`+prometheusReader+`  pipelines:
    logs:
      receivers: [ipfix]
      exporters: [file]
`, health, stateDir, port, filepath.Join(t.TempDir(), "flows.jsonl"), metrics)
	return &failoverCollector{
		col:     startCollector(t, cfg, health),
		addr:    &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port},
		metrics: metrics,
	}
}

// send sends packets IPFIX messages of 30 flows from the exporter's fixed address (the receiver
// keys templates by it), with the template set or data only, and returns the next sequence number.
func (c *failoverCollector) send(t *testing.T, exporter *net.UDPAddr, seq uint32, template bool, packets int) uint32 {
	t.Helper()
	conn, err := net.DialUDP("udp", exporter, c.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for range packets {
		p := ipfixPacket(seq, numberedFlows(int(seq)%1000, 30, "81.2.69.142", time.Now()))
		if !template {
			p = withoutTemplateSet(p)
		}
		if _, err := conn.Write(p); err != nil {
			t.Fatal(err)
		}
		seq += 30
		time.Sleep(time.Millisecond) // an exporter's pace, not a burst into the socket buffer
	}
	return seq
}

func (c *failoverCollector) waitAccepted(t *testing.T, n int) {
	t.Helper()
	waitFor(t, 30*time.Second, func() bool {
		return metricSum(t, c.metrics, "otelcol_receiver_accepted_log_records") >= float64(n)
	}, "records accepted")
}

// withoutTemplateSet removes ipfixPacket's template set (the first set after the 16-byte header).
func withoutTemplateSet(p []byte) []byte {
	setLen := int(binary.BigEndian.Uint16(p[18:]))
	out := append(append([]byte(nil), p[:16]...), p[16+setLen:]...)
	binary.BigEndian.PutUint16(out[2:], uint16(len(out)))
	return out
}
