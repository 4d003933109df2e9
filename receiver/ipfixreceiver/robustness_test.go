// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver

import (
	"context"
	"encoding/binary"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver/internal/metadatatest"
)

func TestIPv6Endpoint(t *testing.T) {
	sink := new(consumertest.LogsSink)
	cfg := testConfig()
	cfg.Endpoint = "[::1]:0"
	r := startReceiver(t, cfg, sink, nil)
	send(t, exporter(t, r.addr, "[::1]:0"), capture(t, "goflow2_nfv5.bin"))
	require.Eventually(t, func() bool { return sink.LogRecordCount() == 6 }, timeoutShort, tick)
}

// TestMalformedPacketsAreCountedAndLoggedOnce sends garbage and truncated
// packets: each is counted, the receiver keeps working, and the log
// holds one line, not one per packet.
func TestMalformedPacketsAreCountedAndLoggedOnce(t *testing.T) {
	core, logs := observer.New(zap.WarnLevel)
	tt := componenttest.NewTelemetry()
	defer func() { require.NoError(t, tt.Shutdown(context.Background())) }()
	set := metadatatest.NewSettings(tt)
	set.Logger = zap.New(core)
	sink := new(consumertest.LogsSink)
	r, err := newReceiver(set, testConfig(), sink)
	require.NoError(t, err)
	require.NoError(t, r.Start(context.Background(), componenttest.NewNopHost()))
	defer func() { require.NoError(t, r.Shutdown(context.Background())) }()
	tr := &testReceiver{ipfixReceiver: r, addr: udpAddr(r), tt: tt}

	exp := exporter(t, tr.addr, "127.0.0.1:0")
	v5 := capture(t, "goflow2_nfv5.bin")
	garbage := [][]byte{{0}, {0, 5}, {0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4}, v5[:30], make([]byte, 100)}
	for range 20 {
		send(t, exp, garbage...)
	}
	send(t, exp, v5) // still decodes
	require.Eventually(t, func() bool { return sink.LogRecordCount() == 6 }, timeoutShort, tick)
	require.Eventually(t, func() bool {
		return tr.metricValue(t, "receiver_ipfix_decode_errors") == float64(20*len(garbage))
	}, timeoutShort, tick)
	assert.Equal(t, 1, logs.FilterMessage("malformed export packet").Len())
}

// TestSequenceGapCountsLostRecords drops a v5 packet's worth of flows from
// the sequence: once the reordering window (8192 flows) has moved past the
// gap, the receiver reports them as lost; the gap before the last packet is
// still inside the window and not counted yet.
func TestSequenceGapCountsLostRecords(t *testing.T) {
	sink := new(consumertest.LogsSink)
	r := startReceiver(t, testConfig(), sink, nil)
	exp := exporter(t, r.addr, "127.0.0.1:0")
	pkt := capture(t, "goflow2_nfv5.bin")
	for _, seq := range []uint32{100, 106, 118, 8400} { // 112..117 never arrive
		p := append([]byte(nil), pkt...)
		binary.BigEndian.PutUint32(p[16:], seq)
		send(t, exp, p)
	}
	require.Eventually(t, func() bool { return sink.LogRecordCount() == 24 }, timeoutShort, tick)
	require.Eventually(t, func() bool {
		return r.metricValue(t, "receiver_ipfix_records_lost") == 6
	}, timeoutShort, tick)
}

// TestRestoreSurvivesCorruptBlob: a per-worker blob of an older receiver
// that does not parse costs its own exporters a template refresh, and nothing
// else; a document that does not parse costs a refresh, not the start.
func TestRestoreSurvivesCorruptBlob(t *testing.T) {
	host, id := startFileStorage(t, t.TempDir())
	blobs := legacyBlobs(t)
	blobs["state/2"] = []byte("{garbage") // 127.0.0.3 and 127.0.0.5
	storeLegacy(t, host, id, blobs)
	cfg := testConfig()
	cfg.Storage = &id
	cfg.Limits.TemplateTimeout = 0 // the blobs' templates were learned weeks ago
	r := startReceiver(t, cfg, consumertest.NewNop(), host)
	assert.Equal(t, float64(12), r.metricValue(t, "receiver_ipfix_templates"), "only the intact blobs' exporters")
	require.NoError(t, r.Shutdown(context.Background()))

	storeLegacy(t, host, id, map[string][]byte{stateKey: []byte("{garbage")})
	r = startReceiver(t, cfg, consumertest.NewNop(), host)
	assert.Zero(t, r.metricValue(t, "receiver_ipfix_templates"))
}

// TestPendingDataExpires: data whose template never comes is dropped after
// pending::max_age by the workers' housekeeping, and counted.
func TestPendingDataExpires(t *testing.T) {
	sink := new(consumertest.LogsSink)
	cfg := testConfig()
	cfg.Limits.Pending.MaxAge = 100 * time.Millisecond
	r := startReceiver(t, cfg, sink, nil)
	send(t, exporter(t, r.addr, "127.0.0.1:0"), capture(t, "ipfix_test_mikrotik_data258.dat"))
	require.Eventually(t, func() bool {
		return r.metricValue(t, "receiver_ipfix_records_dropped", reason("pending_expired")) > 0
	}, timeoutShort, tick)
	require.Eventually(t, func() bool {
		return r.metricValue(t, "receiver_ipfix_pending_records") == 0
	}, timeoutShort, tick)
	assert.Zero(t, sink.LogRecordCount())
}

// TestDualStackSocketUnmapsIPv4 listens on [::] and receives from an IPv4
// exporter: the kernel reports ::ffff:127.0.0.1, which must be matched
// against IPv4 allowed_exporters and named as 127.0.0.1 on the resource.
func TestDualStackSocketUnmapsIPv4(t *testing.T) {
	sink := new(consumertest.LogsSink)
	cfg := testConfig()
	cfg.Endpoint = "[::]:0"
	cfg.AllowedExporters = []string{"127.0.0.0/8"}
	r := startReceiver(t, cfg, sink, nil)
	to := &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: r.addr.Port}
	exp := exporter(t, to, "127.0.0.1:0")
	send(t, exp, capture(t, "goflow2_nfv5.bin"))
	require.Eventually(t, func() bool { return sink.LogRecordCount() == 6 }, timeoutShort, tick)
	addr, ok := sink.AllLogs()[0].ResourceLogs().At(0).Resource().Attributes().Get("netflow.exporter.address")
	require.True(t, ok)
	assert.Equal(t, exp.LocalAddr().String(), addr.Str())
}

// TestKernelDropsReported sends bursts to a receiver whose socket buffer
// is the kernel's minimum: the kernel drops datagrams before the reader
// gets them, and the receiver's kernel_drops metric (read from
// /proc/net/udp for its own socket) sees them.
func TestKernelDropsReported(t *testing.T) {
	next := &blockingConsumer{release: make(chan struct{})}
	defer close(next.release)
	cfg := testConfig()
	cfg.Workers = 1
	cfg.QueueSize = 1
	cfg.ReadBufferSize = 4096
	cfg.Batch.MaxRecords = 1
	r := startReceiver(t, cfg, next, nil)
	exp := exporter(t, r.addr, "127.0.0.1:0")
	pkt := capture(t, "goflow2_nfv5.bin")
	require.Eventually(t, func() bool {
		for range 200 {
			send(t, exp, pkt)
		}
		return r.metricValue(t, "receiver_ipfix_kernel_drops") > 0
	}, timeoutShort, tick)
}
