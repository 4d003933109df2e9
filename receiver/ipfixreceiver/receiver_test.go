// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver

import (
	"context"
	"errors"
	"net"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumererror"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/receiver/receivertest"

	"github.com/otelcol-flows/otelcol-flows/internal/udpingest"
)

func TestReceiveCapturesOverUDP(t *testing.T) {
	sink := new(consumertest.LogsSink)
	r := startReceiver(t, testConfig(), sink, nil)

	ipfix := exporter(t, r.addr, "127.0.0.1:0")
	send(t, ipfix, capture(t, "ipfix_test_mikrotik_tpl.dat"),
		capture(t, "ipfix_test_mikrotik_data258.dat"), capture(t, "ipfix_test_mikrotik_data259.dat"))
	v9 := exporter(t, r.addr, "127.0.0.2:0")
	send(t, v9, capture(t, "goflow2_nfv9_template260.bin"), capture(t, "goflow2_nfv9_data260.bin"))
	v5 := exporter(t, r.addr, "127.0.0.3:0")
	send(t, v5, capture(t, "goflow2_nfv5.bin"))

	const want = 28 + 18 + 21 + 6
	require.Eventually(t, func() bool { return sink.LogRecordCount() >= want }, timeoutShort, tick)
	time.Sleep(50 * time.Millisecond) // anything beyond want would be a bug
	assert.Equal(t, want, sink.LogRecordCount())
	assert.Equal(t, float64(want), r.metricValue(t, "receiver_ipfix_records_received"))
	assert.Equal(t, float64(6), r.metricValue(t, "receiver_ipfix_packets_received"))
	assert.Equal(t, float64(148+1448+1444+120+1392+312), r.metricValue(t, "receiver_ipfix_bytes_received"))
	assert.Zero(t, r.metricValue(t, "receiver_ipfix_decode_errors"))

	// One resource per exporter and observation domain, each naming its exporter.
	exporters := map[string]bool{}
	for _, logs := range sink.AllLogs() {
		for _, rl := range logs.ResourceLogs().All() {
			addr, ok := rl.Resource().Attributes().Get("netflow.exporter.address")
			require.True(t, ok)
			exporters[addr.Str()] = true
		}
	}
	assert.Contains(t, exporters, ipfix.LocalAddr().String())
	assert.Contains(t, exporters, v9.LocalAddr().String())
	assert.Contains(t, exporters, v5.LocalAddr().String())
}

func TestAllowedExportersDropsOthers(t *testing.T) {
	sink := new(consumertest.LogsSink)
	cfg := testConfig()
	cfg.AllowedExporters = []string{"127.0.0.2/32"}
	r := startReceiver(t, cfg, sink, nil)

	denied := exporter(t, r.addr, "127.0.0.1:0")
	send(t, denied, capture(t, "goflow2_nfv5.bin"), capture(t, "goflow2_nfv5.bin"))
	allowed := exporter(t, r.addr, "127.0.0.2:0")
	send(t, allowed, capture(t, "goflow2_nfv5.bin"))

	require.Eventually(t, func() bool { return sink.LogRecordCount() == 6 }, timeoutShort, tick)
	require.Eventually(t, func() bool {
		return r.metricValue(t, "receiver_ipfix_packets_dropped", reason("not_allowed")) == 2
	}, timeoutShort, tick)
	assert.Equal(t, 6, sink.LogRecordCount())
	assert.Equal(t, float64(3), r.metricValue(t, "receiver_ipfix_packets_received"))
}

func TestBusyPortFailsStart(t *testing.T) {
	busy, err := net.ListenPacket("udp", "127.0.0.1:0")
	require.NoError(t, err)
	defer busy.Close()
	for _, sockets := range []int{1, 3} {
		cfg := testConfig()
		cfg.Endpoint = busy.LocalAddr().String()
		cfg.Sockets = sockets
		r, err := newReceiver(receivertest.NewNopSettings(typ), cfg, consumertest.NewNop())
		require.NoError(t, err)
		err = r.Start(context.Background(), componenttest.NewNopHost())
		require.ErrorIs(t, err, syscall.EADDRINUSE)
		require.NoError(t, r.Shutdown(context.Background()))
	}
}

func TestReusePortSocketsShareOnePort(t *testing.T) {
	sink := new(consumertest.LogsSink)
	cfg := testConfig()
	cfg.Sockets = 3
	r := startReceiver(t, cfg, sink, nil)
	require.Len(t, r.conns, 3)
	for _, c := range r.conns {
		assert.Equal(t, r.addr.String(), c.LocalAddr().String())
	}
	for i := range 8 {
		send(t, exporter(t, r.addr, net.JoinHostPort("127.0.1."+strconv.Itoa(i+1), "0")), capture(t, "goflow2_nfv5.bin"))
	}
	require.Eventually(t, func() bool { return sink.LogRecordCount() == 8*6 }, timeoutShort, tick)
}

func TestShutdownFlushesBatch(t *testing.T) {
	sink := new(consumertest.LogsSink)
	cfg := testConfig()
	cfg.Batch = udpingest.BatchConfig{MaxRecords: 1 << 20, Timeout: time.Hour}
	r := startReceiver(t, cfg, sink, nil)

	send(t, exporter(t, r.addr, "127.0.0.1:0"), capture(t, "goflow2_nfv5.bin"), capture(t, "goflow2_nfv5.bin"))
	require.Eventually(t, func() bool {
		return r.metricValue(t, "receiver_ipfix_records_received") == 12
	}, timeoutShort, tick)
	assert.Zero(t, sink.LogRecordCount(), "batch must wait for its timeout or size")
	require.NoError(t, r.Shutdown(context.Background()))
	assert.Equal(t, 12, sink.LogRecordCount())
}

func TestBatchFlushesAtMaxRecords(t *testing.T) {
	sink := new(consumertest.LogsSink)
	cfg := testConfig()
	cfg.Workers = 1
	cfg.Batch = udpingest.BatchConfig{MaxRecords: 10, Timeout: time.Hour}
	r := startReceiver(t, cfg, sink, nil)

	send(t, exporter(t, r.addr, "127.0.0.1:0"), capture(t, "goflow2_nfv5.bin"), capture(t, "goflow2_nfv5.bin"))
	require.Eventually(t, func() bool { return sink.LogRecordCount() == 12 }, timeoutShort, tick)
	assert.Len(t, sink.AllLogs(), 1, "12 records from 2 packets cross max_records once")
}

func TestDataBeforeTemplateIsKept(t *testing.T) {
	sink := new(consumertest.LogsSink)
	r := startReceiver(t, testConfig(), sink, nil)

	exp := exporter(t, r.addr, "127.0.0.1:0")
	send(t, exp, capture(t, "ipfix_test_mikrotik_data258.dat"), capture(t, "goflow2_nfv9_data260.bin"))
	require.Eventually(t, func() bool {
		return r.metricValue(t, "receiver_ipfix_pending_records") > 0
	}, timeoutShort, tick)
	assert.Zero(t, sink.LogRecordCount())

	send(t, exp, capture(t, "ipfix_test_mikrotik_tpl.dat"), capture(t, "goflow2_nfv9_template260.bin"))
	require.Eventually(t, func() bool { return sink.LogRecordCount() == 28+21 }, timeoutShort, tick)
	assert.Zero(t, r.metricValue(t, "receiver_ipfix_records_dropped"))
}

// blockingConsumer holds every ConsumeLogs call until release is closed.
type blockingConsumer struct {
	consumertest.LogsSink
	release chan struct{}
}

func (b *blockingConsumer) ConsumeLogs(ctx context.Context, ld plog.Logs) error {
	select {
	case <-b.release:
	case <-ctx.Done():
		return ctx.Err()
	}
	return b.LogsSink.ConsumeLogs(ctx, ld)
}

// stalledReceiver has one worker, a two-packet queue and one-record
// batches, and a consumer that blocks until release is closed: the
// smallest pipeline that backs up.
func stalledReceiver(t *testing.T) (*testReceiver, *blockingConsumer) {
	next := &blockingConsumer{release: make(chan struct{})}
	cfg := testConfig()
	cfg.Workers = 1
	cfg.QueueSize = 2
	cfg.Batch = udpingest.BatchConfig{MaxRecords: 1, Timeout: time.Hour}
	return startReceiver(t, cfg, next, nil), next
}

func TestQueueFullIsCountedNotBlocking(t *testing.T) {
	r, next := stalledReceiver(t)
	exp := exporter(t, r.addr, "127.0.0.1:0")
	for range 20 {
		send(t, exp, capture(t, "goflow2_nfv5.bin"))
		time.Sleep(20 * time.Millisecond) // let the worker take what it can
	}
	require.Eventually(t, func() bool {
		return r.metricValue(t, "receiver_ipfix_packets_received") == 20
	}, timeoutShort, tick)
	dropped := r.metricValue(t, "receiver_ipfix_packets_dropped", reason("queue_full"))
	// One batch (of one packet) is in the blocked consumer, one waits for
	// it, the worker holds a third and waits; two packets wait in the
	// queue: the rest is dropped.
	const kept = 5
	assert.Equal(t, float64(20-kept), dropped)
	close(next.release)
	require.Eventually(t, func() bool { return next.LogRecordCount() == kept*6 }, timeoutShort, tick)
	assert.Positive(t, r.metricValue(t, "receiver_ipfix_consumer_blocked_time"))
}

func TestPermanentConsumerErrorIsCountedNotRetried(t *testing.T) {
	next := consumertest.NewErr(consumererror.NewPermanent(errors.New("document rejected")))
	r := startReceiver(t, testConfig(), next, nil)
	send(t, exporter(t, r.addr, "127.0.0.1:0"), capture(t, "goflow2_nfv5.bin"))
	require.Eventually(t, func() bool {
		return r.notAccepted(t) == 6
	}, timeoutShort, tick)
	time.Sleep(100 * time.Millisecond) // several flush ticks: a retry would count again
	assert.Equal(t, float64(6), r.notAccepted(t))
	assert.Zero(t, r.metricValue(t, "receiver_accepted_log_records"))
	assert.Zero(t, r.metricValue(t, "receiver_ipfix_consumer_retries"))
}

// refusingConsumer refuses the first refusals calls with a non-permanent
// error, as memory_limiter does under memory pressure, then accepts.
type refusingConsumer struct {
	consumertest.LogsSink
	refusals atomic.Int64
}

func (c *refusingConsumer) ConsumeLogs(ctx context.Context, ld plog.Logs) error {
	if c.refusals.Add(-1) >= 0 {
		return errors.New("data refused due to high memory usage")
	}
	return c.LogsSink.ConsumeLogs(ctx, ld)
}

// TestNonPermanentConsumerErrorIsRetried: a UDP exporter cannot resend, so
// a batch refused for now is offered again until it is accepted.
func TestNonPermanentConsumerErrorIsRetried(t *testing.T) {
	next := &refusingConsumer{}
	next.refusals.Store(3)
	r := startReceiver(t, testConfig(), next, nil)
	send(t, exporter(t, r.addr, "127.0.0.1:0"), capture(t, "goflow2_nfv5.bin"))
	require.Eventually(t, func() bool { return next.LogRecordCount() == 6 }, timeoutShort, tick)
	assert.Equal(t, float64(3), r.metricValue(t, "receiver_ipfix_consumer_retries"))
	assert.Equal(t, float64(6), r.metricValue(t, "receiver_accepted_log_records"))
	assert.Zero(t, r.notAccepted(t))
}

// TestShutdownGivesUpOnRefusingConsumer: retries end when Shutdown's
// deadline passes, or shutdownWait for a context without one (the
// collector's); the batch is then counted as refused.
func TestShutdownGivesUpOnRefusingConsumer(t *testing.T) {
	for name, shutdownCtx := range map[string]func() (context.Context, context.CancelFunc){
		"deadline": func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 200*time.Millisecond)
		},
		"no deadline": func() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) },
	} {
		t.Run(name, func(t *testing.T) {
			next := &refusingConsumer{}
			next.refusals.Store(1 << 40)
			r := startReceiver(t, testConfig(), next, nil)
			r.shutdownWait = 300 * time.Millisecond
			send(t, exporter(t, r.addr, "127.0.0.1:0"), capture(t, "goflow2_nfv5.bin"))
			require.Eventually(t, func() bool {
				return r.metricValue(t, "receiver_ipfix_consumer_retries") >= 2
			}, timeoutShort, tick)
			ctx, cancel := shutdownCtx()
			defer cancel()
			start := time.Now()
			require.ErrorIs(t, r.Shutdown(ctx), context.DeadlineExceeded)
			assert.Less(t, time.Since(start), 5*time.Second)
			assert.Equal(t, float64(6), r.notAccepted(t))
			assert.Zero(t, next.LogRecordCount())
		})
	}
}

// TestShutdownGivesUpOnStuckConsumer: a consumer that never returns on its
// own must not hang Shutdown past its deadline nor leak a goroutine.
func TestShutdownGivesUpOnStuckConsumer(t *testing.T) {
	next := &blockingConsumer{release: make(chan struct{})}
	cfg := testConfig()
	cfg.Batch.MaxRecords = 1
	r, err := newReceiver(settingsForTest(), cfg, next)
	require.NoError(t, err)
	require.NoError(t, r.Start(context.Background(), componenttest.NewNopHost()))
	send(t, exporter(t, udpAddr(r), "127.0.0.1:0"), capture(t, "goflow2_nfv5.bin"))
	time.Sleep(100 * time.Millisecond) // the batch reaches the consumer and blocks there

	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	require.ErrorIs(t, r.Shutdown(ctx), context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 5*time.Second)
}
