// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"net/netip"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/pmetric"

	"github.com/otelcol-flows/otelcol-flows/internal/flowpcaptest"
)

// knownFrames are the packets of flowpcaptest.KnownFlows by flow key,
// and the frame length pmacctd reports for each: IP total length plus the
// Ethernet header and the 4-byte FCS an sFlow frame_length includes.
func knownFrames(t *testing.T) (lengths []int, byKey map[string]flowpcaptest.Flow) {
	flows, err := flowpcaptest.WritePcap(t.TempDir()+"/known.pcap", flowpcaptest.KnownFlows(), flowpcaptest.ReplayStart())
	require.NoError(t, err)
	byKey = map[string]flowpcaptest.Flow{}
	for _, f := range flows {
		byKey[f.Key()] = f
		for range f.Packets {
			lengths = append(lengths, frameLength(f))
		}
	}
	sort.Ints(lengths)
	return lengths, byKey
}

func frameLength(f flowpcaptest.Flow) int { return f.Bytes/f.Packets + 14 + 4 }

// recordKey is the flowpcaptest key of a record's addresses and ports.
func recordKey(t *testing.T, a pcommon.Map) string {
	src := netip.AddrPortFrom(netip.MustParseAddr(strAttr(a, "source.ip")), uint16(intAttr(t, a, "source.port")))
	dst := netip.AddrPortFrom(netip.MustParseAddr(strAttr(a, "destination.ip")), uint16(intAttr(t, a, "destination.port")))
	return flowpcaptest.Flow{Src: src, Dst: dst, Proto: uint8(intAttr(t, a, "network.iana_number"))}.Key()
}

func intAttr(t *testing.T, m pcommon.Map, key string) int64 {
	t.Helper()
	v, ok := m.Get(key)
	require.True(t, ok, "attribute %s missing in %v", key, m.AsRaw())
	return v.Int()
}

func strAttr(m pcommon.Map, key string) string {
	if v, ok := m.Get(key); ok {
		return v.AsString()
	}
	return ""
}

// TestPmacctCaptures: every packet pmacctd sampled is one record with the
// addresses, ports and protocol of its known flow, its frame length, one
// packet and pmacctd's sampling rate; the agent is the observer, and with
// scale_by_sampling the counts are multiplied.
func TestPmacctCaptures(t *testing.T) {
	want, known := knownFrames(t)
	for _, tc := range []struct {
		set   string
		rate  int64
		agent string
		scale bool
	}{
		{"rate1-ipv4agent", 1, "192.0.2.10", false},
		{"rate3-ipv4agent", 3, "198.51.100.20", false},
		{"rate3-ipv4agent", 3, "198.51.100.20", true},
	} {
		cfg := testConfig()
		cfg.ScaleBySampling = tc.scale
		logs, _, st := decodeAll(t, New(cfg), captureSet(t, tc.set)...)
		recs := flatRecords(logs)
		require.Equal(t, len(recs), st.FlowSamples)
		assert.Zero(t, st.LostSamples+st.LostDatagrams, tc.set)
		assert.Equal(t, tc.agent, strAttr(logs.ResourceLogs().At(0).Resource().Attributes(), "observer.ip"))
		assert.Equal(t, int64(7), intAttr(t, logs.ResourceLogs().At(0).Resource().Attributes(), "sflow.agent.sub_id"))
		factor := int64(1)
		if tc.scale {
			factor = tc.rate
		}
		var lengths []int
		var pool int64
		for _, lr := range recs {
			pool = max(pool, intAttr(t, lr.Attributes(), "sflow.sample_pool"))
			a := lr.Attributes()
			assert.Equal(t, tc.rate, intAttr(t, a, "sflow.sampling_rate"))
			assert.Equal(t, factor, intAttr(t, a, "network.packets"))
			assert.Equal(t, "sflow_flow_sample", strAttr(a, "event.action"))
			assert.Equal(t, int64(1), intAttr(t, a, "sflow.header.protocol"), "Ethernet")
			lengths = append(lengths, int(intAttr(t, a, "network.bytes")/factor))
			flow, ok := known[recordKey(t, a)]
			if assert.True(t, ok, "record of no known flow: %v", a.AsRaw()) {
				assert.Equal(t, int64(frameLength(flow)*int(factor)), intAttr(t, a, "network.bytes"), flow.Key())
			}
			assert.Equal(t, "02-00-00-00-00-01", strAttr(a, "source.mac"), "flowpcaptest's frames")
			assert.Equal(t, "02-00-00-00-00-02", strAttr(a, "destination.mac"))
		}
		sort.Ints(lengths)
		if tc.rate == 1 {
			assert.Equal(t, want, lengths, "every packet, its frame length")
		} else {
			// pmacctd samples at random, one packet in rate on average.
			assert.Subset(t, want, lengths)
		}
		assert.Equal(t, int64(len(want)), pool, "the last sample's pool counts every packet of the capture")
	}
}

func TestCountersBecomeMetrics(t *testing.T) {
	eth := (&enc{}).u32(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13).b
	unknown := item(1001, (&enc{}).u32(50, 60, 70).b) // processor counters: not decoded
	sample := item(formatCounterSample, append((&enc{}).u32(9, 0<<24|17, 3).b,
		append(append(genericCounters(17, 10_000_000_000, 1<<40, 12345, 3), item(counterEthernet, eth)...), unknown...)...))
	_, metrics, st := decodeAll(t, New(testConfig()), datagram(netip.MustParseAddr("192.0.2.9"), 0, 1, 60_000, sample))
	assert.Equal(t, 1, st.CounterSamples)
	assert.Equal(t, 1, st.UnknownRecords)
	got := map[string]int64{}
	rm := metrics.ResourceMetrics().At(0)
	assert.Equal(t, "192.0.2.9", strAttr(rm.Resource().Attributes(), "observer.ip"))
	ms := rm.ScopeMetrics().At(0).Metrics()
	points := 0
	for i := range ms.Len() {
		m := ms.At(i)
		var dps pmetric.NumberDataPointSlice
		if m.Type() == pmetric.MetricTypeSum {
			assert.True(t, m.Sum().IsMonotonic(), m.Name())
			assert.Equal(t, pmetric.AggregationTemporalityCumulative, m.Sum().AggregationTemporality())
			dps = m.Sum().DataPoints()
		} else {
			dps = m.Gauge().DataPoints()
		}
		for j := range dps.Len() {
			dp := dps.At(j)
			assert.Equal(t, "17", strAttr(dp.Attributes(), "hw.id"))
			assert.Equal(t, int64(60), int64(dp.Timestamp()-dp.StartTimestamp())/1e9, "start = received - uptime")
			key := m.Name() + " " + strAttr(dp.Attributes(), "network.io.direction") + strAttr(dp.Attributes(), "error.type")
			got[key] = dp.IntValue()
			points++
		}
	}
	assert.Equal(t, st.DataPoints, points)
	assert.Equal(t, map[string]int64{
		"hw.network.io receive": 1 << 40, "hw.network.io transmit": 12345,
		"hw.network.packets receive": 10 + 2 + 1, "hw.network.packets transmit": 20 + 6 + 7,
		"hw.errors receive": 4, "hw.errors transmit": 9,
		"sflow.interface.discards receive": 3, "sflow.interface.discards transmit": 8,
		"hw.network.bandwidth.limit ": 10_000_000_000 / 8, "hw.network.up ": 1,
		"sflow.ethernet.errors alignment": 1, "sflow.ethernet.errors fcs": 2, "sflow.ethernet.errors single_collision_frames": 3,
		"sflow.ethernet.errors multiple_collision_frames": 4, "sflow.ethernet.errors sqe_test": 5,
		"sflow.ethernet.errors deferred_transmissions": 6, "sflow.ethernet.errors late_collisions": 7,
		"sflow.ethernet.errors excessive_collisions": 8, "sflow.ethernet.errors internal_mac_transmit": 9,
		"sflow.ethernet.errors carrier_sense": 10, "sflow.ethernet.errors frame_too_long": 11,
		"sflow.ethernet.errors internal_mac_receive": 12, "sflow.ethernet.errors symbol": 13,
	}, got)
}

// extendedSample is an expanded flow sample with every record this
// decoder reads and one it does not.
func extendedSample() []byte {
	ip4 := item(recordSampledIPv4, (&enc{}).u32(1400, 6).addr4("198.51.100.7").addr4("203.0.113.9").u32(443, 51515, 0x12, 0x28).b)
	eth := item(recordSampledEthernet, (&enc{}).u32(1418).opaque6([]byte{2, 0, 0, 0, 0, 0xa}).opaque6([]byte{2, 0, 0, 0, 0, 0xb}).u32(0x800).b)
	sw := item(recordExtendedSwitch, (&enc{}).u32(100, 3, 200, 5).b)
	rt := item(recordExtendedRouter, (&enc{}).addr(netip.MustParseAddr("2001:db8::1")).u32(24, 16).b)
	gw := item(recordExtendedGateway, (&enc{}).addr(netip.MustParseAddr("192.0.2.254")).u32(65000, 64512, 64513).
		u32(2, 2, 2, 64600, 64601, 1, 1, 64700).u32(2, 65000<<16|100, 65000<<16|200).u32(150).b)
	user := item(recordExtendedUser, (&enc{}).u32(106).opaque([]byte("alice")).u32(106).opaque([]byte("bob")).b)
	url := item(recordExtendedURL, (&enc{}).u32(1).opaque([]byte("/index.html")).opaque([]byte("example.org")).b)
	vendor := item(4413<<12|1, (&enc{}).u32(1, 2, 3).b)
	e := (&enc{}).u32(42, 0, 2, 5, 1000, 50000, 0, 7, 0, 8, 8)
	for _, r := range [][]byte{ip4, eth, sw, rt, gw, user, url, vendor} {
		e.b = append(e.b, r...)
	}
	return item(formatFlowSampleExpanded, e.b)
}

func (e *enc) addr4(s string) *enc { e.b = append(e.b, netip.MustParseAddr(s).AsSlice()...); return e }

func (e *enc) opaque6(mac []byte) *enc { e.b = append(append(e.b, mac...), 0, 0); return e }

func TestExtendedRecords(t *testing.T) {
	logs, _, st := decodeAll(t, New(testConfig()), datagram(netip.MustParseAddr("2001:db8::99"), 1, 1, 0, extendedSample()))
	require.Equal(t, 1, st.FlowSamples)
	assert.Equal(t, 1, st.UnknownRecords)
	a := flatRecords(logs)[0].Attributes().AsRaw()
	for k, v := range map[string]any{
		"source.ip": "198.51.100.7", "destination.ip": "203.0.113.9", "source.port": int64(443), "destination.port": int64(51515),
		"network.iana_number": int64(6), "network.type": "ipv4", "netflow.tcp_control_bits": int64(0x12),
		"source.mac": "02-00-00-00-00-0A", "destination.mac": "02-00-00-00-00-0B",
		"network.bytes": int64(1418), "network.packets": int64(1), "network.vlan.id": "100",
		"observer.ingress.interface.id": "7", "observer.egress.interface.id": "8",
		"sflow.sampling_rate": int64(5), "sflow.sample_pool": int64(1000), "sflow.drops": int64(50000),
		"sflow.source_id.type": nil, "sflow.source_id.index": int64(2), "sflow.sequence_number": int64(42),
		"sflow.switch.dst_vlan": int64(200), "sflow.switch.src_priority": int64(3), "sflow.switch.dst_priority": int64(5),
		"sflow.router.next_hop": "2001:db8::1", "sflow.router.src_mask_len": int64(24), "sflow.router.dst_mask_len": int64(16),
		"sflow.gateway.next_hop": "192.0.2.254", "sflow.gateway.as": int64(65000), "sflow.gateway.src_as": int64(64512),
		"sflow.gateway.src_peer_as": int64(64513), "sflow.gateway.dst_as": int64(64700),
		"sflow.gateway.dst_as_path": []any{int64(64600), int64(64601), int64(64700)},
		"sflow.gateway.communities": []any{"65000:100", "65000:200"}, "sflow.gateway.local_pref": int64(150),
		"source.user.name": "alice", "destination.user.name": "bob", "url.original": "/index.html", "url.domain": "example.org",
		"related.ip": []any{"198.51.100.7", "203.0.113.9"},
	} {
		assert.Equal(t, v, a[k], k)
	}
}

func TestSequenceGaps(t *testing.T) {
	agent := netip.MustParseAddr("192.0.2.5")
	dg := func(seq, sampleSeq uint32) []byte {
		uptime := 600_000 + seq*1000 // ms
		if sampleSeq < 10 {
			uptime = 2000 + seq*1000 // after the restart
		}
		return datagram(agent, 0, seq, uptime, flowSample(sampleSeq, 4, 10, 0, 0, 1, 2))
	}
	d := New(testConfig())
	_, _, st := decodeAll(t, d, dg(1, 10), dg(2, 11), dg(5, 15))
	assert.Equal(t, int64(2), st.LostDatagrams, "datagrams 3 and 4")
	assert.Equal(t, int64(3), st.LostSamples, "samples 12 to 14")
	_, _, st = decodeAll(t, d, dg(4, 14)) // late: its loss was counted already
	assert.Zero(t, st.LostDatagrams+st.LostSamples+int64(st.SequenceResets))
	_, _, st = decodeAll(t, d, dg(1, 1)) // the agent restarted: its uptime went back
	assert.Equal(t, 1, st.SequenceResets)
	assert.Zero(t, st.LostDatagrams+st.LostSamples)
	_, _, st = decodeAll(t, d, dg(2, 3))
	assert.Equal(t, int64(1), st.LostSamples, "the restarted source is followed from its new numbering")
	assert.Equal(t, 1, d.State().Agents)
}

func TestAgentLimit(t *testing.T) {
	cfg := testConfig()
	cfg.MaxAgents = 1
	d := New(cfg)
	_, _, st := decodeAll(t, d,
		datagram(netip.MustParseAddr("192.0.2.5"), 0, 1, 0, flowSample(1, 4, 10, 0, 0, 1, 2)),
		datagram(netip.MustParseAddr("192.0.2.6"), 0, 1, 0, flowSample(1, 4, 10, 0, 0, 1, 2)))
	assert.Equal(t, 2, st.FlowSamples, "samples of untracked agents are still decoded")
	assert.Equal(t, 1, d.State().Agents)
}
