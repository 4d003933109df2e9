// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package testutil

import (
	"net"
	"net/netip"
	"os"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

// Datagram is one export packet as a collector received it.
type Datagram struct {
	Src      netip.AddrPort // the exporter
	Received time.Time
	Payload  []byte
}

// WriteUDPPcap writes datagrams as Ethernet/IP/UDP frames to dstPort, so that an independent
// dissector (tshark) can decode the same bytes our decoder does. The destination addresses are
// documentation addresses; only the UDP port matters to the dissector.
func WriteUDPPcap(tb testing.TB, path string, dstPort uint16, datagrams []Datagram) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	w := pcapgo.NewWriter(f)
	if err := w.WriteFileHeader(65535, layers.LinkTypeEthernet); err != nil {
		tb.Fatal(err)
	}
	for _, d := range datagrams {
		frame, err := udpFrame(d, dstPort)
		if err != nil {
			tb.Fatal(err)
		}
		ci := gopacket.CaptureInfo{Timestamp: d.Received, CaptureLength: len(frame), Length: len(frame)}
		if err := w.WritePacket(ci, frame); err != nil {
			tb.Fatal(err)
		}
	}
}

func udpFrame(d Datagram, dstPort uint16) ([]byte, error) {
	src := d.Src.Addr()
	eth := &layers.Ethernet{SrcMAC: net.HardwareAddr{2, 0, 0, 0, 0, 1}, DstMAC: net.HardwareAddr{2, 0, 0, 0, 0, 2}}
	udp := &layers.UDP{SrcPort: layers.UDPPort(d.Src.Port()), DstPort: layers.UDPPort(dstPort)}
	var ip gopacket.SerializableLayer
	if src.Is4() || src.Is4In6() {
		eth.EthernetType = layers.EthernetTypeIPv4
		ip4 := &layers.IPv4{Version: 4, TTL: 64, Protocol: layers.IPProtocolUDP, SrcIP: src.Unmap().AsSlice(), DstIP: net.IPv4(192, 0, 2, 1)}
		_ = udp.SetNetworkLayerForChecksum(ip4)
		ip = ip4
	} else {
		eth.EthernetType = layers.EthernetTypeIPv6
		ip6 := &layers.IPv6{Version: 6, HopLimit: 64, NextHeader: layers.IPProtocolUDP, SrcIP: src.AsSlice(), DstIP: net.ParseIP("2001:db8::1")}
		_ = udp.SetNetworkLayerForChecksum(ip6)
		ip = ip6
	}
	buf := gopacket.NewSerializeBuffer()
	opts := gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}
	err := gopacket.SerializeLayers(buf, opts, eth, ip, udp, gopacket.Payload(d.Payload))
	return buf.Bytes(), err
}
