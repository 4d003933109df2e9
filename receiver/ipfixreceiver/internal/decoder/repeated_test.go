// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-flows/otelcol-flows/internal/packetheader"
)

// decodeOne decodes one IPFIX message holding a template and one record of it.
func decodeOne(t *testing.T, cfg Config, fields []fieldSpec, record []byte) pcommon.Map {
	t.Helper()
	b := NewLogsBuilder()
	decodeAll(t, New(cfg), b, ipfixMsg(1, 0, set(2, tmplRec(400, fields...)), set(400, record)))
	recs := flatRecords(b.Take())
	require.Len(t, recs, 1)
	return recs[0].Attributes()
}

// TestRepeatedElementsKeepEveryOccurrence: RFC 7011 lets a template list an element more
// than once; every occurrence is kept, in template order, in one array attribute.
func TestRepeatedElementsKeepEveryOccurrence(t *testing.T) {
	src := netip.MustParseAddr("192.0.2.1").As4()
	fields := []fieldSpec{
		{ID: 10, Length: 4}, {ID: 10, Length: 2}, // ingressInterface twice, reduced size once: ints
		{ID: 8, Length: 4}, {ID: 8, Length: 2}, // sourceIPv4Address with a wrong-size copy: all hex
		{ID: 12, Length: 4},
	}
	attrs := decodeOne(t, testConfig(), fields, cat(be32(7), be16(9), src[:], []byte{0xca, 0xfe}, src[:]))
	assert.Equal(t, []any{int64(7), int64(9)}, mustGet(t, attrs, "netflow.ingress_interface").Slice().AsRaw())
	assert.Equal(t, []any{"c0000201", "cafe"}, mustGet(t, attrs, "netflow.source_ipv4_address").Slice().AsRaw())
	assert.Equal(t, "192.0.2.1", mustGet(t, attrs, "netflow.destination_ipv4_address").Str(), "a single element stays a scalar")
	assert.Equal(t, "192.0.2.1", mustGet(t, attrs, "source.ip").Str(), "the ECS role keeps the decoded address")
}

func TestJuniperCommonPropertiesDecoded(t *testing.T) {
	cpid := func(l uint16) fieldSpec { return fieldSpec{PEN: juniperPEN, ID: juniperCommonProperties, Length: l} }
	fields := []fieldSpec{cpid(4), cpid(2), cpid(4), cpid(4), cpid(4), cpid(4), cpid(2)}
	record := cat(be32(1<<26|5<<2|2), be16(2<<10|194), be32(3<<26|1048577), be32(4<<26|0),
		be32(5<<26|512), be32(6<<26|360), be16(63<<10|1))
	attrs := decodeOne(t, testConfig(), fields, record)
	assert.Len(t, mustGet(t, attrs, "netflow.enterprise.2636.137").Slice().AsRaw(), 7, "every occurrence kept raw")
	for key, want := range map[string]any{
		"netflow.juniper.forwarding_class":                   int64(5),
		"netflow.juniper.drop_priority":                      int64(2),
		"netflow.juniper.forwarding_exception_code":          int64(194),
		"netflow.juniper.dropped":                            true,
		"netflow.juniper.forwarding_nexthop_id":              int64(1048577),
		"netflow.juniper.egress_interface_index":             int64(0),
		"netflow.juniper.underlying_ingress_interface_index": int64(512),
		"netflow.juniper.ingress_interface_index":            int64(360),
	} {
		assert.Equal(t, want, mustGet(t, attrs, key).AsRaw(), key)
	}
}

func TestPhysicalInterfacesWhenLogicalAbsent(t *testing.T) {
	attrs := decodeOne(t, testConfig(), []fieldSpec{{ID: 252, Length: 4}, {ID: 253, Length: 4}}, cat(be32(11), be32(12)))
	assert.Equal(t, "11", mustGet(t, attrs, "observer.ingress.interface.id").Str())
	assert.Equal(t, "12", mustGet(t, attrs, "observer.egress.interface.id").Str())
	attrs = decodeOne(t, testConfig(), []fieldSpec{{ID: 252, Length: 4}, {ID: 10, Length: 4}}, cat(be32(11), be32(3)))
	assert.Equal(t, "3", mustGet(t, attrs, "observer.ingress.interface.id").Str(), "ingressInterface wins")
}

func TestICMPTypeCodeFromDestinationPort(t *testing.T) {
	fields := []fieldSpec{{ID: 8, Length: 4}, {ID: 12, Length: 4}, {ID: 4, Length: 1}, {ID: 11, Length: 2}}
	a := netip.MustParseAddr("192.0.2.1").As4()
	attrs := decodeOne(t, testConfig(), fields, cat(a[:], a[:], []byte{1}, be16(3<<8|1)))
	assert.Equal(t, int64(3), mustGet(t, attrs, "icmp.type").Int())
	assert.Equal(t, int64(1), mustGet(t, attrs, "icmp.code").Int())
}

func TestObservationTimeCopyFollowsNetflowCopies(t *testing.T) {
	cfg := testConfig()
	cfg.NetflowCopies = false
	attrs := decodeOne(t, cfg, []fieldSpec{{ID: 323, Length: 8}}, be32x2(exportSecs*1000))
	_, ok := attrs.Get("netflow.observation_time_milliseconds")
	assert.False(t, ok, "feeds event.end, so no copy without netflow_copies")
	assert.Equal(t, "2026-01-01T00:00:00Z", mustGet(t, attrs, "event.end").Str())
}

func be32x2(v uint64) []byte { return cat(be32(uint32(v>>32)), be32(uint32(v))) }

func mustGet(t *testing.T, m pcommon.Map, key string) pcommon.Value {
	t.Helper()
	v, ok := m.Get(key)
	require.True(t, ok, "missing %s", key)
	return v
}

// TestDecapsulationMakesTheInnerPacketTheFlow decodes the sampled-frame capture with and
// without decapsulation: its SRv6 (with routing header) and VXLAN frames then report the
// inner packet, the outer addresses kept apart.
func TestDecapsulationMakesTheInnerPacketTheFlow(t *testing.T) {
	inner := map[string][3]string{ // outer destination -> inner source, inner destination, outer source
		"fc00:0:2::":      {"2001:db8:100::1", "2001:db8:200::2", "2001:db8:a::1"}, // SRv6 with routing header
		"fc00:0:9:e000::": {"172.16.0.1", "172.16.0.2", "2001:db8:a::1"},           // SRv6 reduced, IPv4 inside
		"10.0.0.2":        {"172.16.0.1", "172.16.0.2", "10.0.0.1"},                // VXLAN
	}
	r := replayNamed(t, "juniper_inline_315")
	plain, _, _ := decodeReplay(t, testConfig(), r)
	cfg := testConfig()
	cfg.Decapsulate = packetheader.TunnelSRv6 | packetheader.TunnelVXLAN
	decap, _, _ := decodeReplay(t, cfg, r)
	plainRecs, decapRecs := flatRecords(plain), flatRecords(decap)
	require.Len(t, decapRecs, len(plainRecs))
	seen := 0
	for i, lr := range plainRecs {
		dst := mustGet(t, lr.Attributes(), "destination.ip").Str()
		want, tunnel := inner[dst]
		got := decapRecs[i].Attributes()
		if !tunnel {
			_, ok := got.Get("netflow.section.outer_source_ip")
			assert.False(t, ok, "record %d: no tunnel, nothing decapsulated", i)
			continue
		}
		if v, _ := got.Get("netflow.section.truncated"); v.Bool() {
			assert.Equal(t, dst, mustGet(t, got, "destination.ip").Str(), "record %d: cut inside the inner header, the outer packet stays the flow", i)
			continue
		}
		seen++
		assert.Equal(t, want[0], mustGet(t, got, "source.ip").Str(), "record %d", i)
		assert.Equal(t, want[1], mustGet(t, got, "destination.ip").Str(), "record %d", i)
		assert.Equal(t, want[2], mustGet(t, got, "netflow.section.outer_source_ip").Str(), "record %d", i)
		assert.Equal(t, dst, mustGet(t, got, "netflow.section.outer_destination_ip").Str(), "record %d", i)
	}
	assert.Equal(t, 2, seen, "the reduced SRv6 and the VXLAN frame decapsulated (the SRv6 frames with a routing header are cut inside the inner header at 128 bytes)")
}
