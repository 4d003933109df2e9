// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"bytes"
	"encoding/binary"
	"net"
	"net/netip"
	"strconv"
	"testing"
	"time"

	"github.com/netsampler/goflow2/v2/decoders/sflow"
	"github.com/netsampler/goflow2/v2/producer"
	protoproducer "github.com/netsampler/goflow2/v2/producer/proto"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otelcol-flows/otelcol-flows/internal/ecsstr"
	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

// goflowPeer is goflow2 v2.2.6's sFlow path as a collector built on it
// runs it: decode the datagram, run the flow-message producer (which
// parses raw headers with goflow2's own parser), turn each message into a
// log record. It is the benchmarks' peer and the second oracle.
type goflowPeer struct{ prod *testutil.GoflowProducer }

func newGoflowPeer() *goflowPeer {
	return &goflowPeer{prod: testutil.NewGoflowProducer()}
}

func (g *goflowPeer) decode(data []byte) (*sflow.Packet, []*protoproducer.ProtoProducerMessage, error) {
	var pkt sflow.Packet
	if err := sflow.DecodeMessageVersion(bytes.NewBuffer(data), &pkt); err != nil {
		return nil, nil, err
	}
	exporter := netip.MustParseAddrPort("192.0.2.1:6343")
	out, err := g.prod.Produce(&pkt, &producer.ProduceArgs{Src: exporter, SamplerAddress: exporter.Addr(), TimeReceived: time.Unix(1700000000, 0)})
	return &pkt, out, err
}

// toLogs writes the ECS fields goflow2's message carries for a sample.
func (g *goflowPeer) toLogs(msgs []*protoproducer.ProtoProducerMessage, recs plog.LogRecordSlice) {
	for _, m := range msgs {
		lr, a := testutil.AppendGoflowRecord(recs, m, "sflow_flow_sample", 20)
		lr.SetTimestamp(pcommon.Timestamp(m.TimeReceivedNs))
		src, dst := testutil.GoflowAddrs(m)
		a.PutStr("source.ip", src.String())
		a.PutInt("source.port", int64(m.SrcPort))
		a.PutStr("source.mac", ecsstr.MAC(binary.BigEndian.AppendUint64(nil, m.SrcMac)[2:]))
		a.PutStr("destination.ip", dst.String())
		a.PutInt("destination.port", int64(m.DstPort))
		a.PutStr("destination.mac", ecsstr.MAC(binary.BigEndian.AppendUint64(nil, m.DstMac)[2:]))
		a.PutInt("network.iana_number", int64(m.Proto))
		a.PutInt("network.bytes", int64(m.Bytes))
		a.PutInt("network.packets", int64(m.Packets))
		a.PutStr("observer.ingress.interface.id", strconv.FormatUint(uint64(m.InIf), 10))
		a.PutStr("observer.egress.interface.id", strconv.FormatUint(uint64(m.OutIf), 10))
		a.PutInt("sflow.sampling_rate", int64(m.SamplingRate))
		sampler, _ := netip.AddrFromSlice(m.SamplerAddress)
		a.PutStr("observer.ip", sampler.String())
	}
}

// TestGoflow2 compares our output with goflow2's decoder and producer on
// every oracle datagram: the datagram and sample fields from its decoded
// packet, addresses, ports, protocol, MACs and frame length from its own
// header parser, the interface counters from its counter records.
func TestGoflow2(t *testing.T) {
	g := newGoflowPeer()
	compared := 0
	for i, dg := range oracleDatagrams(t) {
		pkt, msgs, err := g.decode(dg)
		require.NoError(t, err, "datagram %d", i+1)
		o := decodeForOracle(t, dg)
		eq := func(want any, got, what string) {
			assert.Equal(t, want, got, "datagram %d: %s", i+1, what)
			compared++
		}
		eq(net.IP(pkt.AgentIP).String(), resourceAttr("observer.ip")(o)[0], "agent")
		eq(strconv.Itoa(int(pkt.SubAgentId)), resourceAttr("sflow.agent.sub_id")(o)[0], "sub-agent")
		flows := protoproducer.GetSFlowFlowSamples(pkt)
		require.Len(t, o.records, len(flows))
		require.Len(t, msgs, len(flows))
		for j, s := range flows {
			a := o.records[j]
			var h sflow.SampleHeader
			var rate, pool, drops uint32
			switch s := s.(type) {
			case sflow.FlowSample:
				h, rate, pool, drops = s.Header, s.SamplingRate, s.SamplePool, s.Drops
			case sflow.ExpandedFlowSample:
				h, rate, pool, drops = s.Header, s.SamplingRate, s.SamplePool, s.Drops
			}
			eq(strconv.Itoa(int(h.SampleSequenceNumber)), strAttr(a, "sflow.sequence_number"), "sequence")
			eq(strconv.Itoa(int(h.SourceIdValue)), strAttr(a, "sflow.source_id.index"), "source index")
			eq(strconv.Itoa(int(rate)), strAttr(a, "sflow.sampling_rate"), "sampling rate")
			eq(strconv.Itoa(int(pool)), strAttr(a, "sflow.sample_pool"), "pool")
			eq(strconv.Itoa(int(drops)), orZero(a, "sflow.drops"), "drops")
			compared += compareMessage(t, msgs[j], a)
		}
		compared += compareCounters(t, pkt, o)
	}
	t.Logf("%d values compared with goflow2", compared)
	assert.Greater(t, compared, 500)
}

// compareMessage compares what goflow2's producer derived from a sample's
// records. goflow2 takes the byte count of the last raw header or sampled
// IP record; ours prefers the frame length, so bytes are compared for raw
// headers only.
func compareMessage(t *testing.T, m *protoproducer.ProtoProducerMessage, a pcommon.Map) int {
	n := 0
	eq := func(want, got, what string) {
		assert.Equal(t, want, got, what)
		n++
	}
	if len(m.SrcAddr) > 0 {
		src, dst := testutil.GoflowAddrs(m)
		eq(src.Unmap().String(), strAttr(a, "source.ip"), "source.ip")
		eq(dst.Unmap().String(), strAttr(a, "destination.ip"), "destination.ip")
		eq(strconv.Itoa(int(m.Proto)), strAttr(a, "network.iana_number"), "protocol")
		eq(strconv.Itoa(int(m.SrcPort)), strAttr(a, "source.port"), "source.port")
		eq(strconv.Itoa(int(m.DstPort)), strAttr(a, "destination.port"), "destination.port")
	}
	if _, raw := a.Get("sflow.header.protocol"); raw {
		eq(strconv.FormatUint(m.Bytes, 10), strAttr(a, "network.bytes"), "frame length")
		eq(ecsstr.MAC(binary.BigEndian.AppendUint64(nil, m.SrcMac)[2:]), strAttr(a, "source.mac"), "source.mac")
		eq(ecsstr.MAC(binary.BigEndian.AppendUint64(nil, m.DstMac)[2:]), strAttr(a, "destination.mac"), "destination.mac")
	}
	if _, ok := a.Get("sflow.switch.src_vlan"); ok || m.SrcVlan|m.DstVlan != 0 {
		eq(strconv.Itoa(int(m.SrcVlan)), strAttr(a, "sflow.switch.src_vlan"), "src vlan")
		eq(strconv.Itoa(int(m.DstVlan)), strAttr(a, "sflow.switch.dst_vlan"), "dst vlan")
	}
	if _, ok := a.Get("sflow.router.next_hop"); ok {
		nh, _ := netip.AddrFromSlice(m.NextHop)
		eq(nh.String(), strAttr(a, "sflow.router.next_hop"), "next hop")
		eq(strconv.Itoa(int(m.SrcNet)), strAttr(a, "sflow.router.src_mask_len"), "src mask")
		eq(strconv.Itoa(int(m.DstNet)), strAttr(a, "sflow.router.dst_mask_len"), "dst mask")
	}
	if _, ok := a.Get("sflow.gateway.src_as"); ok {
		// goflow2 reads only the first AS path segment (sflow_version_5.txt
		// allows several), so the path, communities and local preference
		// of a multi-segment record are not compared.
		eq(strconv.Itoa(int(m.SrcAs)), strAttr(a, "sflow.gateway.src_as"), "src AS")
	}
	return n
}

func compareCounters(t *testing.T, pkt *sflow.Packet, o *decoded) int {
	var in, out, ids []string
	for _, s := range pkt.Samples {
		cs, ok := s.(sflow.CounterSample)
		if !ok {
			continue
		}
		for _, r := range cs.Records {
			if c, ok := r.Data.(sflow.IfCounters); ok {
				in = append(in, strconv.FormatUint(c.IfInOctets, 10))
				out = append(out, strconv.FormatUint(c.IfOutOctets, 10))
				ids = append(ids, strconv.Itoa(int(c.IfIndex)))
			}
		}
	}
	assert.Equal(t, normalise(in), normalise(o.points["hw.network.io receive"]))
	assert.Equal(t, normalise(out), normalise(o.points["hw.network.io transmit"]))
	assert.Equal(t, normalise(ids), normalise(o.points["hw.network.io id"]))
	return 3 * len(in)
}
