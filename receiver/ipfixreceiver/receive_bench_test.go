// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver

import (
	"context"
	"encoding/binary"
	"fmt"
	"net"
	"net/netip"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otelcol-flows/otelcol-flows/internal/udpingest"
	"github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver/internal/decoder"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

// countingConsumer counts records and keeps nothing.
type countingConsumer struct{ records atomic.Int64 }

func (c *countingConsumer) Capabilities() consumer.Capabilities { return consumer.Capabilities{} }

func (c *countingConsumer) ConsumeLogs(_ context.Context, ld plog.Logs) error {
	c.records.Add(int64(ld.LogRecordCount()))
	return nil
}

// receiveBenchCases are the captures both receive benchmarks replay: a
// template (none for v5), then data packets of records records each.
var receiveBenchCases = []struct {
	name      string
	tpl, data string
	records   int
}{
	{"ipfix_mikrotik", "ipfix_test_mikrotik_tpl.dat", "ipfix_test_mikrotik_data258.dat", 28},
	{"v9_goflow2", "goflow2_nfv9_template260.bin", "goflow2_nfv9_data260.bin", 21},
	{"v5_goflow2", "", "goflow2_nfv5.bin", 6},
}

// BenchmarkReceiveUDP measures the whole receive path on loopback: UDP
// sockets, readers, workers, decoding into plog.Logs, batching and the
// hand-off to a counting consumer. The sender keeps at most window
// records in flight, so the figure is the rate the receiver sustains
// without loss; b.N counts packets.
func BenchmarkReceiveUDP(b *testing.B) {
	for _, tc := range receiveBenchCases {
		b.Run(tc.name, func(b *testing.B) {
			next := new(countingConsumer)
			cfg := testConfig()
			cfg.Workers = 0 // one per CPU, the default
			cfg.ReadBufferSize = 16 << 20
			cfg.Batch = udpingest.BatchConfig{MaxRecords: 1024, Timeout: 10 * time.Millisecond}
			r := startReceiver(b, cfg, next, nil)
			exporters := benchExporters(b, r, 8, tc.tpl)
			data := capture(b, tc.data)
			seqs := make([]uint32, len(exporters))
			waitRecords(b, next, 0)

			// At most window packets in flight: below the workers' queues,
			// above what a batch holds, so neither drops nor stalls.
			const window = 1000
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			cpu0 := testutil.CPUTime()
			b.ResetTimer()
			for i := range b.N {
				for int64((i-window)*tc.records) > next.records.Load() {
					time.Sleep(100 * time.Microsecond)
				}
				e := i % len(exporters)
				nextSequence(data, &seqs[e], tc.records)
				_, err := exporters[e].Write(data)
				require.NoError(b, err)
			}
			waitRecords(b, next, int64(b.N*tc.records))
			b.StopTimer()
			b.ReportMetric(float64(b.N*tc.records)/b.Elapsed().Seconds(), "records/s")
			// Sender and receiver share the process: CPU seconds per record
			// include the sending syscalls, so this is a lower bound.
			b.ReportMetric(float64(b.N*tc.records)/(testutil.CPUTime()-cpu0).Seconds(), "records/cpu_s")
			b.ReportMetric(r.metricValue(b, "receiver_ipfix_kernel_drops")+
				r.metricValue(b, "receiver_ipfix_packets_dropped"), "dropped_packets")
		})
	}
}

// nextSequence writes the exporter's next sequence number into the
// packet, so that replaying one capture looks like a live exporter rather
// than a restarting one (IPFIX counts records, v9 packets, v5 flows).
func nextSequence(pkt []byte, seq *uint32, records int) {
	switch binary.BigEndian.Uint16(pkt) {
	case 5:
		binary.BigEndian.PutUint32(pkt[16:], *seq)
		*seq += uint32(records)
	case 9:
		*seq++
		binary.BigEndian.PutUint32(pkt[12:], *seq)
	case 10:
		binary.BigEndian.PutUint32(pkt[8:], *seq)
		*seq += uint32(records)
	}
}

// benchExporters opens n exporters on distinct loopback addresses (so the
// workers share the load) and sends each its template.
func benchExporters(b *testing.B, r *testReceiver, n int, tpl string) []*net.UDPConn {
	conns := make([]*net.UDPConn, n)
	for i := range conns {
		conns[i] = exporter(b, r.addr, fmt.Sprintf("127.0.2.%d:0", i+1))
		if tpl != "" {
			send(b, conns[i], capture(b, tpl))
		}
	}
	return conns
}

func waitRecords(b *testing.B, c *countingConsumer, want int64) {
	deadline := time.Now().Add(30 * time.Second)
	for c.records.Load() < want {
		if time.Now().After(deadline) {
			b.Fatalf("received %d of %d records", c.records.Load(), want)
		}
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond) // template packets need no records; let them settle
}

// BenchmarkDecodeOnly runs the same packets through one decoder.Decoder
// and Batch in this goroutine, with no sockets, queues or consumer: the
// difference to BenchmarkReceiveUDP is what the receive path costs.
func BenchmarkDecodeOnly(b *testing.B) {
	for _, tc := range receiveBenchCases {
		b.Run(tc.name, func(b *testing.B) {
			cfg := createDefaultConfig().(*Config)
			dec := decoder.New(decoderConfig(cfg, 1))
			batch := decoder.NewLogsBuilder()
			from := netip.MustParseAddrPort("192.0.2.1:2055")
			if tc.tpl != "" {
				_, err := dec.Decode(decoder.Packet{Exporter: from, Received: time.Now(), Data: capture(b, tc.tpl)}, batch)
				require.NoError(b, err)
			}
			data := capture(b, tc.data)
			var seq uint32
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			cpu0 := testutil.CPUTime()
			b.ResetTimer()
			for range b.N {
				nextSequence(data, &seq, tc.records)
				if _, err := dec.Decode(decoder.Packet{Exporter: from, Received: time.Now(), Data: data}, batch); err != nil {
					b.Fatal(err)
				}
				if batch.Len() >= cfg.Batch.MaxRecords {
					batch.Take()
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(b.N*tc.records)/(testutil.CPUTime()-cpu0).Seconds(), "records/cpu_s")
		})
	}
}
