// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver

import (
	"net/netip"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/consumer/consumertest"

	"github.com/otelcol-flows/otelcol-flows/internal/flowpcaptest"
)

// streamFlows are the flows the streaming softflowd exports one at a time:
// one direction each, so that softflowd's bidirectional tracking leaves
// them apart, and all TCP: with -m 1 softflowd evicts the flow that would
// time out first, which is the older one only when the timeouts are equal.
func streamFlows() []flowpcaptest.Flow {
	ap := netip.MustParseAddrPort
	return []flowpcaptest.Flow{
		{Src: ap("10.50.0.1:41000"), Dst: ap("10.60.0.1:443"), Proto: 6, Packets: 4, PayloadPerPacket: 111},
		{Src: ap("[2001:db8:50::2]:41001"), Dst: ap("[2001:db8:60::2]:443"), Proto: 6, Packets: 3, PayloadPerPacket: 222},
		{Src: ap("10.50.0.3:41002"), Dst: ap("10.60.0.3:8080"), Proto: 6, Packets: 5, PayloadPerPacket: 333},
	}
}

// TestTwoSoftflowdOnOneHost: two softflowd processes on one host (one
// address, two source ports) export to one receiver, both in observation
// domain 0 with the same template IDs (1024 IPv4, 2048 IPv6) but different
// layouts: B sends absolute flow times in milliseconds (-A milli), A
// uptime offsets. A's second datagram carries data only and arrives after
// B redefined the IDs: keyed by address it would be decoded with B's
// layout. Every flow of both must come out exact.
func TestTwoSoftflowdOnOneHost(t *testing.T) {
	for _, tc := range []struct {
		name    string
		version int
	}{{"ipfix", 10}, {"v9", 9}} {
		t.Run(tc.name, func(t *testing.T) {
			sink := new(consumertest.LogsSink)
			r := startReceiver(t, testConfig(), sink, nil)
			version := []string{"-v", map[int]string{9: "9", 10: "10"}[tc.version]}
			a := flowpcaptest.StartStream(t, r.addr.String(), version...)
			planned := streamFlows()
			var sentA []flowpcaptest.Flow
			// The second flow's first packet makes softflowd export the first, with
			// its templates.
			sentA = append(sentA, a.Write(t, planned[:2], flowpcaptest.ReplayStart())...)
			waitForFlows(t, sink, 1)

			pcap := filepath.Join(t.TempDir(), "b.pcap")
			flowsB, err := flowpcaptest.WritePcap(pcap, flowpcaptest.KnownFlows(), flowpcaptest.ReplayStart())
			require.NoError(t, err)
			flowpcaptest.ReplayWith(t, pcap, r.addr.String(), append(version, "-A", "milli")...)
			wantB := len(flowpcaptest.Expected(flowsB, tc.version))
			waitForFlows(t, sink, 1+wantB)

			// A's second datagram (the second flow, no templates), then its third.
			sentA = append(sentA, a.Write(t, planned[2:], flowpcaptest.ReplayStart())...)
			a.Close(t)
			waitForFlows(t, sink, len(planned)+wantB)
			time.Sleep(50 * time.Millisecond)

			records, err := flowpcaptest.Records(sink.AllLogs())
			require.NoError(t, err)
			bySession := map[string][]flowpcaptest.Record{}
			for _, rec := range records {
				bySession[rec.Exporter] = append(bySession[rec.Exporter], rec)
			}
			require.Len(t, bySession, 2, "one resource per softflowd")
			sessionA := records[0].Exporter // A's first flow came first
			for exp, got := range bySession {
				if exp == sessionA {
					checkFlowRecords(t, got, sentA, exporterView{version: tc.version})
					continue
				}
				checkFlowRecords(t, got, flowsB, exporterView{version: tc.version})
			}
		})
	}
}

// waitForFlows waits until sink holds at least n flow records.
func waitForFlows(t *testing.T, sink *consumertest.LogsSink, n int) {
	t.Helper()
	require.Eventually(t, func() bool {
		records, err := flowpcaptest.Records(sink.AllLogs())
		return err == nil && len(records) >= n
	}, timeoutShort, tick, "waiting for %d flow records", n)
}

// TestStreamedFlowsAreExact checks the streaming softflowd alone: what the
// test above compares A's records with is what softflowd reports.
func TestStreamedFlowsAreExact(t *testing.T) {
	sink := new(consumertest.LogsSink)
	r := startReceiver(t, testConfig(), sink, nil)
	a := flowpcaptest.StartStream(t, r.addr.String(), "-v", "10")
	sent := a.Write(t, streamFlows(), flowpcaptest.ReplayStart())
	a.Close(t)
	waitForFlows(t, sink, len(sent))
	records, err := flowpcaptest.Records(sink.AllLogs())
	require.NoError(t, err)
	checkFlowRecords(t, records, sent, exporterView{version: 10})
	assert.Len(t, records, len(sent))
}
