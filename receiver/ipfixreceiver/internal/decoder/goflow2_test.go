// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"bytes"
	"net/netip"
	"strconv"
	"time"

	"github.com/netsampler/goflow2/v2/decoders/netflow"
	"github.com/netsampler/goflow2/v2/decoders/netflowlegacy"
	"github.com/netsampler/goflow2/v2/producer"
	protoproducer "github.com/netsampler/goflow2/v2/producer/proto"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

// goflowPeer is goflow2 v2.2.6 used the way a collector built on it works: decode, run its
// flow-message producer, then turn each flow message into a log record with ECS attributes.
// It is the peer of the benchmarks and the reference of the differential test.
type goflowPeer struct {
	templates netflow.NetFlowTemplateSystem
	prod      *testutil.GoflowProducer
	exp       *exporter // the exporter state our ECS writer reads (no options data here)
}

func newGoflowPeer() *goflowPeer {
	return &goflowPeer{templates: netflow.CreateTemplateSystem(), prod: testutil.NewGoflowProducer(), exp: newExporter(exporterKey{})}
}

// decode returns goflow2's flow messages for one datagram.
func (g *goflowPeer) decode(p Packet) ([]*protoproducer.ProtoProducerMessage, error) {
	args := &producer.ProduceArgs{Src: p.Exporter, SamplerAddress: p.Exporter.Addr(), TimeReceived: p.Received}
	buf := bytes.NewBuffer(p.Data)
	var msg any
	if len(p.Data) >= 2 && p.Data[1] == 5 {
		var pkt netflowlegacy.PacketNetFlowV5
		if err := netflowlegacy.DecodeMessageVersion(buf, &pkt); err != nil {
			return nil, err
		}
		msg = &pkt
	} else {
		var v9 netflow.NFv9Packet
		var ipfix netflow.IPFIXPacket
		if err := netflow.DecodeMessageVersion(buf, g.templates, &v9, &ipfix); err != nil {
			return nil, err
		}
		msg = &v9
		if ipfix.Version == 10 {
			msg = &ipfix
		}
	}
	return g.prod.Produce(msg, args)
}

// toLogs converts flow messages into ECS log records, as a goflow2-based receiver would.
func (g *goflowPeer) toLogs(msgs []*protoproducer.ProtoProducerMessage, recs plog.LogRecordSlice) {
	for _, m := range msgs {
		lr, a := testutil.AppendGoflowRecord(recs, m, "netflow_flow", 24)
		lr.SetTimestamp(pcommon.Timestamp(m.TimeFlowEndNs))
		src, dst := testutil.GoflowAddrs(m)
		a.PutStr("event.start", time.Unix(0, int64(m.TimeFlowStartNs)).UTC().Format(time.RFC3339Nano))
		a.PutStr("event.end", time.Unix(0, int64(m.TimeFlowEndNs)).UTC().Format(time.RFC3339Nano))
		a.PutInt("event.duration", int64(m.TimeFlowEndNs-m.TimeFlowStartNs))
		a.PutStr("source.ip", src.String())
		a.PutInt("source.port", int64(m.SrcPort))
		a.PutInt("source.bytes", int64(m.Bytes))
		a.PutInt("source.packets", int64(m.Packets))
		a.PutStr("destination.ip", dst.String())
		a.PutInt("destination.port", int64(m.DstPort))
		a.PutInt("network.iana_number", int64(m.Proto))
		a.PutInt("network.bytes", int64(m.Bytes))
		a.PutInt("network.packets", int64(m.Packets))
		a.PutStr("network.type", "ipv4")
		a.PutStr("observer.ingress.interface.id", strconv.FormatUint(uint64(m.InIf), 10))
		a.PutStr("observer.egress.interface.id", strconv.FormatUint(uint64(m.OutIf), 10))
		a.PutInt("netflow.tcp_control_bits", int64(m.TcpFlags))
		a.PutStr("netflow.type", "netflow_flow")
		sampler, _ := netip.AddrFromSlice(m.SamplerAddress)
		a.PutStr("netflow.exporter.address", sampler.String())
	}
}

// toLogsSameShape converts goflow2's flow messages with our ECS writer, so the record shape is
// the one our decoder produces (without the netflow.* element copies goflow2 cannot supply):
// the difference to "ours" is then the decoding alone.
func (g *goflowPeer) toLogsSameShape(d *Decoder, msgs []*protoproducer.ProtoProducerMessage, recs plog.LogRecordSlice) {
	c := decodeCall{Decoder: d}
	for _, msg := range msgs {
		m := message{exportNs: int64(msg.TimeFlowEndNs), received: pcommon.Timestamp(msg.TimeReceivedNs), exp: g.exp}
		m.exportStr = d.times.str(m.exportNs)
		f := &c.flow
		f.reset()
		src, dst := testutil.GoflowAddrs(msg)
		f.setAddr(rSrcAddr, src.Unmap(), d.addrs.Str(src.Unmap()))
		f.setAddr(rDstAddr, dst.Unmap(), d.addrs.Str(dst.Unmap()))
		f.set(rSrcPort, uint64(msg.SrcPort))
		f.set(rDstPort, uint64(msg.DstPort))
		f.set(rProto, uint64(msg.Proto))
		f.set(rBytes, msg.Bytes)
		f.set(rPackets, msg.Packets)
		f.set(rInIf, uint64(msg.InIf))
		f.set(rOutIf, uint64(msg.OutIf))
		f.set(rStart, msg.TimeFlowStartNs)
		f.set(rEnd, msg.TimeFlowEndNs)
		lr := recs.AppendEmpty()
		attrs := lr.Attributes()
		attrs.EnsureCapacity(ecsAttrs)
		c.finishFlow(&m, lr, attrs)
	}
}
