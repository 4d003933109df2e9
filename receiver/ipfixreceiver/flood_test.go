// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver

import (
	"encoding/binary"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/consumer/consumertest"
)

// ipfixTemplatePacket builds an IPFIX message (RFC 7011 section 3) with one
// template set holding count templates of fields fields each, IDs from
// firstID on; every field is IANA element (i%200)+1 of length 4.
func ipfixTemplatePacket(domain uint32, seq uint32, firstID uint16, count, fields int) []byte {
	set := make([]byte, 4, 4+count*(4+4*fields))
	binary.BigEndian.PutUint16(set, 2) // template set
	for tpl := range count {
		set = binary.BigEndian.AppendUint16(set, firstID+uint16(tpl))
		set = binary.BigEndian.AppendUint16(set, uint16(fields))
		for i := range fields {
			set = binary.BigEndian.AppendUint16(set, uint16(i%200)+1)
			set = binary.BigEndian.AppendUint16(set, 4)
		}
	}
	binary.BigEndian.PutUint16(set[2:], uint16(len(set)))
	msg := make([]byte, 16, 16+len(set))
	binary.BigEndian.PutUint16(msg, 10)
	binary.BigEndian.PutUint16(msg[2:], uint16(16+len(set)))
	binary.BigEndian.PutUint32(msg[4:], uint32(time.Now().Unix()))
	binary.BigEndian.PutUint32(msg[8:], seq)
	binary.BigEndian.PutUint32(msg[12:], domain)
	return append(msg, set...)
}

// TestSpoofedTemplateFloodStaysBounded sends templates from 2,000 source
// addresses (all of 127.0.0.0/8 is local on Linux), each claiming 40
// templates in each of 4 observation domains; the configured limits must
// hold both in the gauges and in heap growth.
func TestSpoofedTemplateFloodStaysBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("sends 16,000 packets")
	}
	cfg := testConfig()
	cfg.Workers = 2
	cfg.QueueSize = 4096
	cfg.ReadBufferSize = 8 << 20
	cfg.Limits.MaxExporters = 100
	cfg.Limits.MaxTemplatesPerExporter = 8
	cfg.Limits.MaxFieldsPerTemplate = 32
	r := startReceiver(t, cfg, consumertest.NewNop(), nil)

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)

	const sources, domains = 2000, 4
	sent := 0
	for s := range sources {
		conn := exporter(t, r.addr, fmt.Sprintf("127.1.%d.%d:0", s/250, s%250+1))
		for d := range domains {
			// 40 templates of 30 fields each (within the fields limit, beyond the templates limit),
			// plus one template of 1,000 fields that must be rejected.
			send(t, conn, ipfixTemplatePacket(uint32(d), 0, 256, 40, 30), ipfixTemplatePacket(uint32(d), 0, 400, 1, 1000))
			sent += 2
		}
		_ = conn.Close()
		if s%100 == 99 { // let the workers keep up; kernel drops are not what this test is about
			require.Eventually(t, func() bool {
				return r.metricValue(t, "receiver_ipfix_packets_received")+
					r.metricValue(t, "receiver_ipfix_kernel_drops") >= float64(sent)
			}, timeoutShort, 5*time.Millisecond)
		}
	}
	require.Eventually(t, func() bool {
		return r.metricValue(t, "receiver_ipfix_packets_received")+
			r.metricValue(t, "receiver_ipfix_kernel_drops") >= float64(sent)
	}, timeoutShort, tick)
	// Gauges are published on the housekeeping tick.
	time.Sleep(1200 * time.Millisecond)

	maxExporters := float64(cfg.Limits.MaxExporters)
	exporters := r.metricValue(t, "receiver_ipfix_exporters")
	templates := r.metricValue(t, "receiver_ipfix_templates")
	assert.Positive(t, exporters)
	assert.LessOrEqual(t, exporters, maxExporters)
	assert.LessOrEqual(t, templates, maxExporters*domains*float64(cfg.Limits.MaxTemplatesPerExporter))
	assert.Positive(t, r.metricValue(t, "receiver_ipfix_records_dropped", reason("limit")))

	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	growth := int64(after.HeapInuse) - int64(before.HeapInuse)
	t.Logf("exporters=%v templates=%v heap growth=%d KiB kernel drops=%v queue drops=%v", exporters, templates, growth>>10,
		r.metricValue(t, "receiver_ipfix_kernel_drops"), r.metricValue(t, "receiver_ipfix_packets_dropped"))
	// 100 exporters x 4 domains x 8 templates x 30 fields is a few MB at most.
	assert.Less(t, growth, int64(32<<20))
}
