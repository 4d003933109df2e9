// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver

import (
	"encoding/binary"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ipfixDataPacket is an IPFIX message with one data set of template 256
// as ipfixTemplatePacket(domain, _, 256, 1, 2) defines it: n records of
// two 4-byte counters.
func ipfixDataPacket(domain uint32, n int) []byte {
	msg := make([]byte, 20, 20+8*n)
	binary.BigEndian.PutUint16(msg, 10)
	binary.BigEndian.PutUint16(msg[2:], uint16(20+8*n))
	binary.BigEndian.PutUint32(msg[4:], uint32(time.Now().Unix()))
	binary.BigEndian.PutUint32(msg[12:], domain)
	binary.BigEndian.PutUint16(msg[16:], 256)
	binary.BigEndian.PutUint16(msg[18:], uint16(4+8*n))
	for i := range n {
		msg = binary.BigEndian.AppendUint32(msg, uint32(100+i))
		msg = binary.BigEndian.AppendUint32(msg, 1)
	}
	return msg
}

// TestQueueFullDropsAreCountedAsLost: packets dropped in the receiver's own
// queue never reach the decoder, so their records must show as a sequence
// gap in records_lost: exactly the records of the dropped packets, once a
// later packet from the exporter has arrived and about a second has passed
// (the reordering timeout; nothing arrives after that packet here).
func TestQueueFullDropsAreCountedAsLost(t *testing.T) {
	for _, tc := range []struct {
		name     string
		template []byte // sent first, carries no records
		data     func() []byte
		records  int // per data packet; also the sequence units (v5 flows, IPFIX records)
	}{
		{name: "ipfix", template: ipfixTemplatePacket(7, 0, 256, 1, 2), data: func() []byte { return ipfixDataPacket(7, 10) }, records: 10},
		{name: "v5", data: func() []byte { return capture(t, "goflow2_nfv5.bin") }, records: 6},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, next := stalledReceiver(t)
			exp := exporter(t, r.addr, "127.0.0.1:0")
			sent := 0
			if tc.template != nil {
				send(t, exp, tc.template)
				sent++
			}
			var seq uint32
			sendData := func() {
				pkt := tc.data()
				nextSequence(pkt, &seq, tc.records)
				send(t, exp, pkt)
				sent++
			}
			for range 20 {
				sendData()
				time.Sleep(20 * time.Millisecond) // let the worker take what it can
			}
			require.Eventually(t, func() bool {
				return r.metricValue(t, "receiver_ipfix_packets_received") == float64(sent)
			}, timeoutShort, tick)
			dropped := r.metricValue(t, "receiver_ipfix_packets_dropped", reason("queue_full"))
			require.Positive(t, dropped)

			close(next.release)
			time.Sleep(50 * time.Millisecond) // the queue drains
			sendData()                        // reveals the gap
			want := dropped * float64(tc.records)
			require.Eventually(t, func() bool {
				return r.metricValue(t, "receiver_ipfix_records_lost") == want
			}, timeoutShort, tick, "records_lost %v, want %v", r.metricValue(t, "receiver_ipfix_records_lost"), want)
			require.Eventually(t, func() bool {
				return float64(next.LogRecordCount())+want == float64(21*tc.records)
			}, timeoutShort, tick, "delivered + lost = sent")
			assert.Zero(t, r.metricValue(t, "receiver_ipfix_sequence_resets"))
		})
	}
}

// TestQueueFullDropsOfSessionsSharingAnAddress: four exporters on one
// address, each with its own sequence numbers, lose packets in the
// receiver's queue. records_lost must be exactly the records of the
// dropped packets: keyed by address, the interleaved numberings would look
// like reordering and restarts and hide most of the loss.
func TestQueueFullDropsOfSessionsSharingAnAddress(t *testing.T) {
	const sessions, rounds, records = 4, 8, 10
	r, next := stalledReceiver(t)
	exps := make([]*net.UDPConn, sessions)
	for i := range exps {
		exps[i] = exporter(t, r.addr, "127.0.0.1:0")
		send(t, exps[i], ipfixTemplatePacket(7, 0, 256, 1, 2)) // no records: the worker does not block
		time.Sleep(10 * time.Millisecond)                      // nor may the two-packet queue overflow
	}
	require.Eventually(t, func() bool {
		return r.metricValue(t, "receiver_ipfix_templates") == sessions
	}, timeoutShort, tick, "one template per session")
	seqs := make([]uint32, sessions)
	sendData := func(i int) {
		pkt := ipfixDataPacket(7, records)
		nextSequence(pkt, &seqs[i], records)
		send(t, exps[i], pkt)
	}
	for range rounds {
		for i := range exps {
			sendData(i)
			time.Sleep(10 * time.Millisecond) // let the worker take what it can
		}
	}
	require.Eventually(t, func() bool {
		return r.metricValue(t, "receiver_ipfix_packets_received") == sessions*(rounds+1)
	}, timeoutShort, tick)
	dropped := r.metricValue(t, "receiver_ipfix_packets_dropped", reason("queue_full"))
	require.Positive(t, dropped)

	close(next.release)
	sent := float64(sessions * rounds * records)
	require.Eventually(t, func() bool {
		return float64(next.LogRecordCount()) == sent-dropped*records
	}, timeoutShort, tick, "the queue drains")
	for i := range exps {
		sendData(i) // reveals the session's gaps
		time.Sleep(10 * time.Millisecond)
	}
	require.Eventually(t, func() bool {
		return float64(next.LogRecordCount()) == sent-dropped*records+sessions*records
	}, timeoutShort, tick, "the last packets arrive")
	want := dropped * records
	require.Eventually(t, func() bool {
		return r.metricValue(t, "receiver_ipfix_records_lost") == want
	}, timeoutShort, tick, "records_lost %v, want %v", r.metricValue(t, "receiver_ipfix_records_lost"), want)
	assert.Zero(t, r.metricValue(t, "receiver_ipfix_sequence_resets"))
}
