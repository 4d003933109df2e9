// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver

import (
	"net"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/consumer/consumertest"

	"github.com/otelcol-flows/otelcol-flows/internal/flowpcaptest"
	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

// pcapExporters are the real exporters that turn a pcap into NetFlow or
// IPFIX records, and how each reports the pcap's flows.
var pcapExporters = []struct {
	name     string
	replay   func(t testing.TB, pcap, collector string, version int)
	versions []int
	ownTimes bool // see exporterView
	splits   bool
}{
	{name: "softflowd", replay: flowpcaptest.Replay, versions: []int{5, 9, 10}},
	// pmacctd's nfprobe plugin: softflowd 0.9.7's code grown apart, with its own
	// templates (flowStart/EndMilliseconds in IPFIX and v9, flowDirection,
	// ipVersion) and its own v5 header clock.
	{name: "pmacctd", replay: flowpcaptest.ReplayPmacct, versions: []int{5, 9, 10}},
	// nfdump: nfpcapd makes its flow files, nfreplay sends them with nfdump's own
	// templates; it keeps the two directions of a conversation apart, each with
	// its own times, and makes every DNS packet a flow.
	{name: "nfdump", replay: flowpcaptest.ReplayNfdump, versions: []int{5, 9}, ownTimes: true, splits: true},
}

// TestRealExportersReportKnownFlows replays a pcap of known flows through
// each real exporter in each NetFlow version it speaks, and finds every
// flow direction with exactly the packets and bytes the pcap holds, and
// its start and end at the capture times (within what each version can
// carry).
func TestRealExportersReportKnownFlows(t *testing.T) {
	pcap := filepath.Join(t.TempDir(), "f.pcap")
	flows, err := flowpcaptest.WritePcap(pcap, flowpcaptest.KnownFlows(), flowpcaptest.ReplayStart())
	require.NoError(t, err)
	for _, e := range pcapExporters {
		for _, version := range e.versions {
			t.Run(e.name+"/v"+strconv.Itoa(version), func(t *testing.T) {
				sink := new(consumertest.LogsSink)
				r := startReceiver(t, testConfig(), sink, nil)
				e.replay(t, pcap, r.addr.String(), version)
				checkKnownFlows(t, sink, flows, exporterView{version: version, ownTimes: e.ownTimes, splits: e.splits})
			})
		}
	}
}

// TestSoftflowdReplaysOldCapture replays a capture 20 days old in IPFIX.
// softflowd's systemInitTimeMilliseconds is its own start, so every
// flowStart/EndSysUpTime is negative and sent wrapped to 32 bits; the
// flow times are still the capture's (RFC 7011 sysUpTime modulo 2^32).
func TestSoftflowdReplaysOldCapture(t *testing.T) {
	testutil.RequireTool(t, "softflowd")
	pcap := filepath.Join(t.TempDir(), "f.pcap")
	start := time.Now().Add(-20 * 24 * time.Hour).Truncate(time.Millisecond)
	flows, err := flowpcaptest.WritePcap(pcap, flowpcaptest.KnownFlows(), start)
	require.NoError(t, err)
	sink := new(consumertest.LogsSink)
	r := startReceiver(t, testConfig(), sink, nil)
	flowpcaptest.Replay(t, pcap, r.addr.String(), 10)
	checkKnownFlows(t, sink, flows, exporterView{version: 10})
}

// exporterView is how an exporter reports a pcap's flows, where exporters
// differ.
type exporterView struct {
	version int
	// ownTimes: each direction has its own first and last packet (nfdump);
	// softflowd and pmacctd track both directions as one flow and give both
	// records the conversation's times.
	ownTimes bool
	// splits: one direction may come in several records (nfpcapd makes each
	// DNS packet a flow of its own), which are summed before the check.
	splits bool
}

// checkKnownFlows waits for an exporter's records of flows in sink and
// checks each one's counters and times against the pcap.
func checkKnownFlows(t *testing.T, sink *consumertest.LogsSink, flows []flowpcaptest.Flow, view exporterView) {
	t.Helper()
	want := flowpcaptest.Expected(flows, view.version)
	records := func() []flowpcaptest.Record {
		records, err := flowpcaptest.Records(sink.AllLogs())
		require.NoError(t, err)
		if view.splits {
			return flowpcaptest.Merge(records)
		}
		return records
	}
	require.Eventually(t, func() bool { return len(records()) >= len(want) }, timeoutShort, tick)
	time.Sleep(50 * time.Millisecond)
	checkFlowRecords(t, records(), flows, view)
}

// checkFlowRecords checks that got holds exactly one record of each flow
// the exporter reports, with the pcap's counters and times.
func checkFlowRecords(t *testing.T, got []flowpcaptest.Record, flows []flowpcaptest.Flow, view exporterView) {
	t.Helper()
	want := flowpcaptest.Expected(flows, view.version)
	require.Len(t, got, len(want))
	for _, rec := range got {
		f, ok := want[rec.Key]
		if !assert.True(t, ok, "unexpected flow %s", rec.Key) {
			continue
		}
		delete(want, rec.Key)
		assert.Equal(t, int64(f.Packets), rec.Packets, "source.packets of %s", rec.Key)
		assert.Equal(t, int64(f.Bytes), rec.Bytes, "source.bytes of %s", rec.Key)
		assert.Equal(t, int64(f.Packets), rec.NetPkt, "network.packets of %s", rec.Key)
		assert.Equal(t, int64(f.Bytes), rec.NetBytes, "network.bytes of %s", rec.Key)
		first, last := f.First, f.Last
		if !view.ownTimes {
			first, last = flowpcaptest.Conversation(flows, f)
		}
		precision := flowpcaptest.TimePrecision(view.version)
		assert.WithinDuration(t, first, rec.Start, precision, "event.start of %s", rec.Key)
		assert.WithinDuration(t, last, rec.End, precision, "event.end of %s", rec.Key)
		assert.Equal(t, rec.End, rec.Timestamp, "timestamp of %s is the flow end", rec.Key)
	}
	assert.Empty(t, want, "flows the exporter did not report")
}

// TestSoftflowdBiflows replays the same pcap as RFC 5103 biflows
// (softflowd -v 10 -b): one record per conversation, the reverse
// direction's counters in destination.bytes/packets.
func TestSoftflowdBiflows(t *testing.T) {
	testutil.RequireTool(t, "softflowd")
	pcap := filepath.Join(t.TempDir(), "f.pcap")
	flows, err := flowpcaptest.WritePcap(pcap, flowpcaptest.KnownFlows(), flowpcaptest.ReplayStart())
	require.NoError(t, err)
	biflows := flowpcaptest.Biflows(flows)
	conversations := 0
	for _, f := range flows {
		if b := biflows[f.Key()]; b.Reverse == nil || f.Key() < b.Reverse.Key() {
			conversations++
		}
	}

	sink := new(consumertest.LogsSink)
	r := startReceiver(t, testConfig(), sink, nil)
	flowpcaptest.ReplayBiflow(t, pcap, r.addr.String())
	var records []flowpcaptest.Record
	require.Eventually(t, func() bool {
		records, err = flowpcaptest.Records(sink.AllLogs())
		require.NoError(t, err)
		return len(records) >= conversations
	}, timeoutShort, tick)
	require.Len(t, records, conversations)
	seen := map[string]bool{}
	for _, rec := range records {
		b, ok := biflows[rec.Key]
		require.True(t, ok, "unexpected flow %s", rec.Key)
		var rev flowpcaptest.Flow
		if b.Reverse != nil {
			rev = *b.Reverse
			assert.False(t, seen[rev.Key()], "conversation %s reported twice", rec.Key)
		}
		seen[rec.Key] = true
		assert.Equal(t, []int64{int64(b.Forward.Packets), int64(b.Forward.Bytes)}, []int64{rec.Packets, rec.Bytes}, "source of %s", rec.Key)
		assert.Equal(t, []int64{int64(rev.Packets), int64(rev.Bytes)}, []int64{rec.RevPkt, rec.RevBytes}, "destination of %s", rec.Key)
		assert.Equal(t, int64(b.Forward.Bytes+rev.Bytes), rec.NetBytes, "network.bytes of %s", rec.Key)
		assert.Equal(t, int64(b.Forward.Packets+rev.Packets), rec.NetPkt, "network.packets of %s", rec.Key)
	}
}

// TestFprobeLiveLoopback has fprobe, a third real exporter, capture live
// UDP packets on the loopback interface and export them in NetFlow v5: the
// record has the packets' addresses, ports, count and IP bytes, and times
// within the window in which they were sent.
func TestFprobeLiveLoopback(t *testing.T) {
	testutil.RequireTool(t, "fprobe")
	sink := new(consumertest.LogsSink)
	r := startReceiver(t, testConfig(), sink, nil)

	conn, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	require.NoError(t, err)
	defer conn.Close()
	// A socket at the destination keeps the kernel from answering with
	// ICMP port unreachable (which fprobe would see as a second flow).
	target, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 3)})
	require.NoError(t, err)
	defer target.Close()
	dst := target.LocalAddr().(*net.UDPAddr)
	src := conn.LocalAddr().(*net.UDPAddr)
	flowpcaptest.StartFprobe(t, "udp and src port "+strconv.Itoa(src.Port)+" and dst port "+strconv.Itoa(dst.Port), r.addr.String())

	const packets, payload = 7, 123
	sent := time.Now().Truncate(time.Millisecond)
	for range packets {
		_, err := conn.WriteToUDP(make([]byte, payload), dst)
		require.NoError(t, err)
		time.Sleep(10 * time.Millisecond)
	}
	done := time.Now()

	var records []flowpcaptest.Record
	require.Eventually(t, func() bool {
		records, err = flowpcaptest.Records(sink.AllLogs())
		require.NoError(t, err)
		return len(records) > 0
	}, 20*time.Second, 50*time.Millisecond, "no record from fprobe")
	require.Len(t, records, 1)
	rec := records[0]
	assert.Equal(t, "17 "+src.String()+" -> "+dst.String(), rec.Key)
	assert.Equal(t, int64(packets), rec.Packets, "source.packets")
	assert.Equal(t, int64(packets*(20+8+payload)), rec.Bytes, "source.bytes: IP total lengths")
	// v5 times are the exporter's uptime in milliseconds, placed by the
	// header's export time and uptime.
	precision := flowpcaptest.TimePrecision(5)
	assert.WithinRange(t, rec.Start, sent.Add(-precision), done.Add(precision), "event.start")
	assert.WithinRange(t, rec.End, rec.Start, done.Add(precision), "event.end")
	assert.GreaterOrEqual(t, rec.End.Sub(rec.Start), time.Duration(packets-1)*10*time.Millisecond-precision, "flow duration")
}
