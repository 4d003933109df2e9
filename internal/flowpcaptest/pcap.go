// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package flowpcaptest // import "github.com/otelcol-flows/otelcol-flows/internal/flowpcaptest"

import (
	"net"
	"os"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

// WritePcap writes flows as Ethernet frames, packets of all flows
// interleaved 10 ms apart from start on, and returns the flows with
// Bytes, First and Last filled in.
//
// softflowd (without -a) computes flow times relative to its own start
// on the real clock, as 32-bit sysUpTime offsets: a capture older than the
// replay gets wrapped offsets, which the decoder resolves modulo 2^32 ms
// (so within 24.8 days of the replay); ReplayStart keeps them positive,
// as a live exporter's are.
func WritePcap(path string, flows []Flow, start time.Time) ([]Flow, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	w := pcapgo.NewWriter(f)
	if err := w.WriteFileHeader(65535, layers.LinkTypeEthernet); err != nil {
		return nil, err
	}
	out := append([]Flow(nil), flows...)
	ts := start
	for round := 0; ; round++ {
		wrote := false
		for i := range out {
			if round >= out[i].Packets {
				continue
			}
			if err := writePacket(w, &out[i], round, ts); err != nil {
				return nil, err
			}
			ts = ts.Add(10 * time.Millisecond)
			wrote = true
		}
		if !wrote {
			return out, f.Close()
		}
	}
}

// writePacket writes packet number seq of f, captured at ts, and adds it
// to f's Bytes, First and Last.
func writePacket(w *pcapgo.Writer, f *Flow, seq int, ts time.Time) error {
	frame, err := frameOf(f, seq)
	if err != nil {
		return err
	}
	ci := gopacket.CaptureInfo{Timestamp: ts, CaptureLength: len(frame), Length: len(frame)}
	if err := w.WritePacket(ci, frame); err != nil {
		return err
	}
	f.Bytes += len(frame) - 14 // IP total length: the frame minus its Ethernet header
	if seq == 0 {
		f.First = ts
	}
	f.Last = ts
	return nil
}

// frameOf serializes packet number seq of flow f.
func frameOf(f *Flow, seq int) ([]byte, error) {
	eth := &layers.Ethernet{
		SrcMAC:       net.HardwareAddr{0x02, 0, 0, 0, 0, 1},
		DstMAC:       net.HardwareAddr{0x02, 0, 0, 0, 0, 2},
		EthernetType: layers.EthernetTypeIPv4,
	}
	var network gopacket.NetworkLayer
	src, dst := f.Src.Addr().AsSlice(), f.Dst.Addr().AsSlice()
	if f.IPv6() {
		eth.EthernetType = layers.EthernetTypeIPv6
		network = &layers.IPv6{Version: 6, HopLimit: 64, NextHeader: layers.IPProtocol(f.Proto), SrcIP: src, DstIP: dst}
	} else {
		network = &layers.IPv4{Version: 4, TTL: 64, Protocol: layers.IPProtocol(f.Proto), SrcIP: src, DstIP: dst}
	}
	var transport gopacket.SerializableLayer
	switch f.Proto {
	case 6:
		tcp := &layers.TCP{SrcPort: layers.TCPPort(f.Src.Port()), DstPort: layers.TCPPort(f.Dst.Port()),
			Seq: uint32(1000 + seq), ACK: seq > 0, SYN: seq == 0, Window: 65535}
		_ = tcp.SetNetworkLayerForChecksum(network)
		transport = tcp
	default:
		udp := &layers.UDP{SrcPort: layers.UDPPort(f.Src.Port()), DstPort: layers.UDPPort(f.Dst.Port())}
		_ = udp.SetNetworkLayerForChecksum(network)
		transport = udp
	}
	buf := gopacket.NewSerializeBuffer()
	opts := gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}
	payload := gopacket.Payload(make([]byte, f.PayloadPerPacket))
	err := gopacket.SerializeLayers(buf, opts, eth, network.(gopacket.SerializableLayer), transport, payload)
	return buf.Bytes(), err
}

// ReplayStart is a pcap start time for a replay that begins now: two
// seconds ahead (see WritePcap), on a whole millisecond as exporters
// count.
func ReplayStart() time.Time {
	return time.Now().Add(2 * time.Second).Truncate(time.Millisecond)
}
