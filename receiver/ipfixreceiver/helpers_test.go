// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/receiver"
	"go.opentelemetry.io/collector/receiver/receivertest"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver/internal/metadata"
	"github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver/internal/metadatatest"
)

const (
	timeoutShort = 10 * time.Second
	tick         = 10 * time.Millisecond
)

// capture returns the bytes of a capture from testdata/captures (copies
// of the public corpora, licences alongside).
func capture(t testing.TB, name string) []byte {
	t.Helper()
	for _, dir := range []string{
		filepath.Join("testdata", "captures", "logstash-codec-netflow"),
		filepath.Join("testdata", "captures", "goflow2"),
	} {
		if b, err := os.ReadFile(filepath.Join(dir, name)); err == nil {
			return b
		}
	}
	t.Fatalf("capture %s not found", name)
	return nil
}

// testReceiver is a started receiver on a loopback port with its metrics.
type testReceiver struct {
	*ipfixReceiver
	addr *net.UDPAddr
	tt   *componenttest.Telemetry
}

func testConfig() *Config {
	cfg := createDefaultConfig().(*Config)
	cfg.Endpoint = "127.0.0.1:0"
	cfg.Workers = 2
	cfg.ReadBufferSize = 1 << 20
	cfg.Batch.Timeout = 20 * time.Millisecond
	return cfg
}

func startReceiver(t testing.TB, cfg *Config, next consumer.Logs, host component.Host) *testReceiver {
	t.Helper()
	tt := componenttest.NewTelemetry()
	t.Cleanup(func() { require.NoError(t, tt.Shutdown(context.Background())) })
	r, err := newReceiver(metadatatest.NewSettings(tt), cfg, next)
	require.NoError(t, err)
	if host == nil {
		host = componenttest.NewNopHost()
	}
	require.NoError(t, r.Start(context.Background(), host))
	t.Cleanup(func() { require.NoError(t, r.Shutdown(context.Background())) })
	return &testReceiver{ipfixReceiver: r, addr: udpAddr(r), tt: tt}
}

// exporter is a UDP socket that plays one flow exporter.
func exporter(t testing.TB, to *net.UDPAddr, from string) *net.UDPConn {
	t.Helper()
	laddr, err := net.ResolveUDPAddr("udp", from)
	require.NoError(t, err)
	conn, err := net.DialUDP("udp", laddr, to)
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

func send(t testing.TB, conn *net.UDPConn, packets ...[]byte) {
	t.Helper()
	for _, p := range packets {
		_, err := conn.Write(p)
		require.NoError(t, err)
	}
}

// metricValue sums the data points of an int or float sum/gauge whose
// attributes include attrs; 0 when the metric was never recorded.
func (r *testReceiver) metricValue(t testing.TB, name string, attrs ...attribute.KeyValue) float64 {
	t.Helper()
	m, err := r.tt.GetMetric("otelcol_" + name)
	if err != nil {
		return 0
	}
	var total float64
	match := func(set attribute.Set) bool {
		for _, kv := range attrs {
			if v, ok := set.Value(kv.Key); !ok || v != kv.Value {
				return false
			}
		}
		return true
	}
	switch d := m.Data.(type) {
	case metricdata.Sum[int64]:
		for _, dp := range d.DataPoints {
			if match(dp.Attributes) {
				total += float64(dp.Value)
			}
		}
	case metricdata.Gauge[int64]:
		for _, dp := range d.DataPoints {
			if match(dp.Attributes) {
				total += float64(dp.Value)
			}
		}
	case metricdata.Sum[float64]:
		for _, dp := range d.DataPoints {
			if match(dp.Attributes) {
				total += dp.Value
			}
		}
	}
	return total
}

func reason(r string) attribute.KeyValue { return attribute.String("reason", r) }

// notAccepted is what obsreport counted as refused or failed, depending on
// its feature gate.
func (r *testReceiver) notAccepted(t testing.TB) float64 {
	return r.metricValue(t, "receiver_refused_log_records") + r.metricValue(t, "receiver_failed_log_records")
}

func settingsForTest() receiver.Settings { return receivertest.NewNopSettings(metadata.Type) }

func udpAddr(r *ipfixReceiver) *net.UDPAddr { return r.conns[0].LocalAddr().(*net.UDPAddr) }
