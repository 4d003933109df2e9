// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestPayloadSectionGivesPortsAndFlags: ipPayloadPacketSection (314) starts at the transport
// header, whose protocol and addresses the record states.
func TestPayloadSectionGivesPortsAndFlags(t *testing.T) {
	a, b := netip.MustParseAddr("192.0.2.1").As4(), netip.MustParseAddr("198.51.100.2").As4()
	fields := []fieldSpec{{ID: 8, Length: 4}, {ID: 12, Length: 4}, {ID: 4, Length: 1}, {ID: 314, Length: varLen}}
	tcp := cat(be16(51234), be16(443), be32(1), be32(0), []byte{0x50, 0x12}, be16(65535), be32(0))
	attrs := decodeOne(t, testConfig(), fields, cat(a[:], b[:], []byte{6, byte(len(tcp))}, tcp))
	assert.Equal(t, int64(51234), mustGet(t, attrs, "source.port").Int())
	assert.Equal(t, int64(443), mustGet(t, attrs, "destination.port").Int())
	assert.Equal(t, int64(0x12), mustGet(t, attrs, "netflow.tcp_control_bits").Int())
	_, counted := attrs.Get("source.bytes")
	assert.False(t, counted, "a payload section has no IP length to count")
}

// TestSectionCountsScaleBySampling: the v9 capture's records state a sampling interval of 1000;
// with scale_by_sampling each sampled packet stands for 1000 packets of its IP length.
func TestSectionCountsScaleBySampling(t *testing.T) {
	cfg := testConfig()
	cfg.ScaleBySampling = true
	logs, _, _ := decodeReplay(t, cfg, replayNamed(t, "cisco_v9_104_data"))
	recs := flatRecords(logs)
	juniperFrame := recs[0].Attributes() // the Juniper article's frame: IPv4 total length 76
	assert.Equal(t, "10.0.36.1", mustGet(t, juniperFrame, "source.ip").Str())
	assert.Equal(t, int64(76*1000), mustGet(t, juniperFrame, "source.bytes").Int())
	assert.Equal(t, int64(1000), mustGet(t, juniperFrame, "source.packets").Int())
	assert.Equal(t, "500", mustGet(t, juniperFrame, "observer.ingress.interface.id").Str(), "from ingressPhysicalInterface")
}
