// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package flowpcaptest writes pcap files of known flows and replays them
// through softflowd, a real NetFlow/IPFIX exporter, so that tests can check
// every exported record against the traffic that produced it; pmacctd and
// nfdump replay them too, and fprobe captures live traffic on the loopback.
package flowpcaptest // import "github.com/otelcol-flows/otelcol-flows/internal/flowpcaptest"

import (
	"fmt"
	"net"
	"net/netip"
	"time"
)

// Flow is one direction of a conversation: what an exporter must report.
type Flow struct {
	Src, Dst         netip.AddrPort
	Proto            uint8 // 6 TCP, 17 UDP
	Packets          int
	PayloadPerPacket int
	// Bytes is the sum of IP total lengths (what NetFlow octet counters
	// count), filled by WritePcap.
	Bytes int
	// First and Last are the capture times of the first and last packet,
	// filled by WritePcap.
	First, Last time.Time
}

// Key identifies a flow direction the way a flow record does.
func (f Flow) Key() string {
	return fmt.Sprintf("%d %s -> %s", f.Proto, f.Src, f.Dst)
}

// IPv6 reports whether the flow is IPv6 (NetFlow v5 cannot export it).
func (f Flow) IPv6() bool { return f.Src.Addr().Is6() }

// KnownFlows is a mix of TCP and UDP, IPv4 and IPv6 conversations, with
// and without a reverse direction, and distinct packet and byte counts so
// that a record matched to the wrong flow is caught.
func KnownFlows() []Flow {
	ap := netip.MustParseAddrPort
	return []Flow{
		{Src: ap("10.1.0.1:40000"), Dst: ap("10.2.0.1:443"), Proto: 6, Packets: 5, PayloadPerPacket: 100},
		{Src: ap("10.2.0.1:443"), Dst: ap("10.1.0.1:40000"), Proto: 6, Packets: 3, PayloadPerPacket: 1200},
		{Src: ap("10.1.0.2:5353"), Dst: ap("10.2.0.2:53"), Proto: 17, Packets: 2, PayloadPerPacket: 60},
		{Src: ap("10.2.0.2:53"), Dst: ap("10.1.0.2:5353"), Proto: 17, Packets: 1, PayloadPerPacket: 300},
		{Src: ap("192.168.1.10:51000"), Dst: ap("192.168.1.20:22"), Proto: 6, Packets: 7, PayloadPerPacket: 48},
		{Src: ap("[2001:db8::1]:40001"), Dst: ap("[2001:db8::2]:80"), Proto: 6, Packets: 4, PayloadPerPacket: 500},
		{Src: ap("[2001:db8::2]:80"), Dst: ap("[2001:db8::1]:40001"), Proto: 6, Packets: 2, PayloadPerPacket: 1000},
		{Src: ap("[2001:db8::3]:1234"), Dst: ap("[2001:db8::4]:4321"), Proto: 17, Packets: 3, PayloadPerPacket: 77},
	}
}

// keyOf builds a Key from the textual fields of a decoded record.
func keyOf(proto int, srcIP, srcPort, dstIP, dstPort string) string {
	src := netip.MustParseAddrPort(net.JoinHostPort(srcIP, srcPort))
	dst := netip.MustParseAddrPort(net.JoinHostPort(dstIP, dstPort))
	return Flow{Src: src, Dst: dst, Proto: uint8(proto)}.Key()
}
