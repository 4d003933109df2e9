// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package sflowreceiver

import (
	"context"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/metric/metricdata/metricdatatest"

	"github.com/otelcol-flows/otelcol-flows/internal/flowpcaptest"
	"github.com/otelcol-flows/otelcol-flows/receiver/sflowreceiver/internal/metadatatest"
)

const (
	timeoutShort = 10 * time.Second
	tick         = 10 * time.Millisecond
)

// testPipelines is one sflow receiver serving a logs and a metrics
// pipeline, as the distribution's configurations run it.
type testPipelines struct {
	logs    *consumertest.LogsSink
	metrics *consumertest.MetricsSink
	addr    *net.UDPAddr
	tt      *componenttest.Telemetry
}

func startPipelines(t *testing.T) *testPipelines {
	t.Helper()
	tt := componenttest.NewTelemetry()
	t.Cleanup(func() { require.NoError(t, tt.Shutdown(context.Background())) })
	cfg := createDefaultConfig().(*Config)
	cfg.Endpoint, cfg.Workers, cfg.Batch.Timeout = "127.0.0.1:0", 2, 20*time.Millisecond
	p := &testPipelines{logs: new(consumertest.LogsSink), metrics: new(consumertest.MetricsSink), tt: tt}
	f := NewFactory()
	logsRcv, err := f.CreateLogs(context.Background(), metadatatest.NewSettings(tt), cfg, p.logs)
	require.NoError(t, err)
	metricsRcv, err := f.CreateMetrics(context.Background(), metadatatest.NewSettings(tt), cfg, p.metrics)
	require.NoError(t, err)
	require.Same(t, logsRcv, metricsRcv, "one receiver for both pipelines")
	require.NoError(t, logsRcv.Start(context.Background(), componenttest.NewNopHost()))
	require.NoError(t, metricsRcv.Start(context.Background(), componenttest.NewNopHost()))
	t.Cleanup(func() {
		require.NoError(t, logsRcv.Shutdown(context.Background()))
		require.NoError(t, metricsRcv.Shutdown(context.Background()))
	})
	p.addr = logsRcv.(*sharedReceiver).r.ingest.Conns()[0].LocalAddr().(*net.UDPAddr)
	return p
}

func (p *testPipelines) send(t *testing.T, datagrams ...[]byte) {
	t.Helper()
	conn, err := net.DialUDP("udp", nil, p.addr)
	require.NoError(t, err)
	defer conn.Close()
	for _, d := range datagrams {
		_, err := conn.Write(d)
		require.NoError(t, err)
	}
}

func builtDatagram(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("internal", "decoder", "testdata", "built", name))
	require.NoError(t, err)
	return b
}

// TestPmacctSfprobeReplay: pmacctd's sfprobe plugin, a real sFlow agent,
// samples every packet of the known-flows capture; each arrives as one
// record with its flow's addresses, ports, protocol and frame length, and
// pmacctd's sampling rate.
func TestPmacctSfprobeReplay(t *testing.T) {
	p := startPipelines(t)
	pcap := filepath.Join(t.TempDir(), "known.pcap")
	flows, err := flowpcaptest.WritePcap(pcap, flowpcaptest.KnownFlows(), flowpcaptest.ReplayStart())
	require.NoError(t, err)
	want := map[string]int{}
	frame := map[string]int64{}
	total := 0
	for _, f := range flows {
		want[f.Key()] = f.Packets
		frame[f.Key()] = int64(f.Bytes/f.Packets + 14 + 4) // + Ethernet header and FCS
		total += f.Packets
	}
	flowpcaptest.ReplayPmacctSflow(t, pcap, p.addr.String(), "192.0.2.10", 1)
	require.Eventually(t, func() bool { return p.logs.LogRecordCount() >= total }, timeoutShort, tick)
	got := map[string]int{}
	for _, l := range p.logs.AllLogs() {
		for i := range l.ResourceLogs().Len() {
			rl := l.ResourceLogs().At(i)
			agent, _ := rl.Resource().Attributes().Get("observer.ip")
			assert.Equal(t, "192.0.2.10", agent.Str())
			recs := rl.ScopeLogs().At(0).LogRecords()
			for j := range recs.Len() {
				a := recs.At(j).Attributes()
				key := keyOf(a)
				got[key]++
				assert.Equal(t, frame[key], intOf(a, "network.bytes"), key)
				assert.Equal(t, int64(1), intOf(a, "network.packets"), key)
				assert.Equal(t, int64(1), intOf(a, "sflow.sampling_rate"), key)
			}
		}
	}
	assert.Equal(t, want, got, "every packet of every known flow, once")
	metadatatest.AssertEqualReceiverSflowFlowSamples(t, p.tt, []metricdata.DataPoint[int64]{
		{Value: int64(total), Attributes: attribute.NewSet(attribute.String("receiver", "sflow"))},
	}, metricdatatest.IgnoreTimestamp())
}

func keyOf(a pcommon.Map) string {
	ip := func(k string) netip.Addr { v, _ := a.Get(k); return netip.MustParseAddr(v.Str()) }
	src := netip.AddrPortFrom(ip("source.ip"), uint16(intOf(a, "source.port")))
	dst := netip.AddrPortFrom(ip("destination.ip"), uint16(intOf(a, "destination.port")))
	return flowpcaptest.Flow{Src: src, Dst: dst, Proto: uint8(intOf(a, "network.iana_number"))}.Key()
}

func intOf(a pcommon.Map, k string) int64 { v, _ := a.Get(k); return v.Int() }

// TestCountersAndDrops: a counter sample reaches the metrics pipeline;
// datagrams of the wrong version, cut short or lying about a length are
// dropped and counted by reason, and the receiver goes on.
func TestCountersAndDrops(t *testing.T) {
	p := startPipelines(t)
	counters := builtDatagram(t, "counters.bin")
	wrongVersion := append([]byte{0, 0, 0, 4}, counters[4:]...)
	lying := append([]byte(nil), counters...)
	lying[52] = 0xff // the counter record's length (header 28, sample header 8, seq/source/count 12, format 4): past its sample
	p.send(t, counters, wrongVersion, counters[:20], lying, builtDatagram(t, "every-record.bin"))
	require.Eventually(t, func() bool { return p.metrics.DataPointCount() > 0 && p.logs.LogRecordCount() == 1 }, timeoutShort, tick)
	require.Eventually(t, func() bool {
		return droppedTotal(t, p) == 3
	}, timeoutShort, tick)
	reason := func(r string) attribute.Set {
		return attribute.NewSet(attribute.String("reason", r), attribute.String("receiver", "sflow"))
	}
	metadatatest.AssertEqualReceiverSflowDatagramsDropped(t, p.tt, []metricdata.DataPoint[int64]{
		{Value: 1, Attributes: reason("wrong_version")},
		{Value: 1, Attributes: reason("truncated")},
		{Value: 1, Attributes: reason("length_mismatch")},
	}, metricdatatest.IgnoreTimestamp())
	m := p.metrics.AllMetrics()[0].ResourceMetrics().At(0).ScopeMetrics().At(0).Metrics().At(0)
	assert.Equal(t, "hw.network.io", m.Name())
	assert.Equal(t, int64(1<<40), m.Sum().DataPoints().At(0).IntValue())
}

func droppedTotal(t *testing.T, p *testPipelines) int64 {
	m, err := p.tt.GetMetric("otelcol_receiver_sflow_datagrams_dropped")
	if err != nil {
		return 0
	}
	var n int64
	for _, dp := range m.Data.(metricdata.Sum[int64]).DataPoints {
		n += dp.Value
	}
	return n
}
