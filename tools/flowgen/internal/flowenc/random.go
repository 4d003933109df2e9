// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package flowenc

import (
	"math/rand/v2"
	"net/netip"
	"time"
)

// publicFirstOctets are first octets of ranges allocated to RIRs and in use,
// so GeoIP and reverse DNS enrichment see addresses that look real.
var publicFirstOctets = []byte{1, 2, 5, 8, 13, 17, 23, 31, 34, 37, 45, 52, 62, 77, 81, 85, 91, 104, 128, 142, 151, 157, 176, 185, 193, 203, 212}

// publicV6Prefixes are the first 16 bits of RIR-allocated IPv6 space.
var publicV6Prefixes = []uint16{0x2001, 0x2400, 0x2600, 0x2a00, 0x2a02, 0x2800}

// commonPorts weights server ports roughly as a home router sees them.
var commonPorts = []uint16{443, 443, 443, 443, 80, 80, 53, 53, 22, 123, 993, 587, 8080, 3478, 5353, 1194}

// FlowSource produces random flows that are reproducible for a given seed: a
// LAN of a few hundred hosts talking to a fixed pool of remote hosts.
type FlowSource struct {
	rng             *rand.Rand
	remote4, local4 []netip.Addr
	remote6, local6 []netip.Addr
	// churn numbers fresh addresses when the pool is empty; it starts at
	// the stream's own range so exporters never share an address.
	churn uint32
}

// NewFlowSource returns a source seeded with (seed, stream); remoteHosts is
// the number of distinct remote addresses per family, which sets the working
// set of DNS and GeoIP caches downstream. With remoteHosts 0 every flow has
// a source and a destination address no other flow of any stream has, as
// during a scan or a DDoS from spoofed sources (until 2^22 flows a stream).
func NewFlowSource(seed, stream uint64, remoteHosts int) *FlowSource {
	rng := rand.New(rand.NewPCG(seed, stream))
	s := &FlowSource{rng: rng, churn: uint32(stream) << 23}
	if remoteHosts <= 0 {
		return s
	}
	for range remoteHosts {
		o := publicFirstOctets[rng.IntN(len(publicFirstOctets))]
		s.remote4 = append(s.remote4, netip.AddrFrom4([4]byte{o, byte(rng.Uint32()), byte(rng.Uint32()), byte(1 + rng.IntN(254))}))
		var a [16]byte
		p := publicV6Prefixes[rng.IntN(len(publicV6Prefixes))]
		a[0], a[1] = byte(p>>8), byte(p)
		for i := 2; i < 16; i++ {
			a[i] = byte(rng.Uint32())
		}
		s.remote6 = append(s.remote6, netip.AddrFrom16(a))
	}
	for i := range 254 {
		s.local4 = append(s.local4, netip.AddrFrom4([4]byte{192, 168, byte(i % 4), byte(1 + i)}))
		s.local6 = append(s.local6, netip.AddrFrom16([16]byte{0xfd, 0x00, 0, 0, 0, 0, 0, byte(i % 4), 0, 0, 0, 0, 0, 0, 0, byte(1 + i)}))
	}
	return s
}

// Fill overwrites flows with new random flows of one address family, ending
// up to two seconds before now and lasting up to a minute.
func (s *FlowSource) Fill(flows []Flow, now time.Time, ipv6 bool) {
	for i := range flows {
		s.one(&flows[i], now, ipv6)
	}
}

func (s *FlowSource) one(fl *Flow, now time.Time, ipv6 bool) {
	r := s.rng
	local, remote, ether := s.local4, s.remote4, uint16(0x0800)
	if ipv6 {
		local, remote, ether = s.local6, s.remote6, 0x86dd
	}
	if len(remote) == 0 {
		fl.Src, fl.Dst = s.fresh(ipv6), s.fresh(ipv6)
	} else {
		fl.Src, fl.Dst = local[r.IntN(len(local))], remote[r.IntN(len(remote))]
	}
	fl.SrcPort, fl.DstPort = uint16(32768+r.IntN(28232)), commonPorts[r.IntN(len(commonPorts))]
	fl.Protocol, fl.TCPFlags = protocol(r)
	if r.IntN(2) == 0 { // inbound half of the conversation
		fl.Src, fl.Dst, fl.SrcPort, fl.DstPort = fl.Dst, fl.Src, fl.DstPort, fl.SrcPort
	}
	fl.NextHop = netip.AddrFrom4([4]byte{192, 168, 255, 1})
	fl.TOS = [4]uint8{0, 0, 0, 0x10}[r.IntN(4)]
	fl.InIf, fl.OutIf = uint32(1+r.IntN(4)), uint32(1+r.IntN(4))
	fl.Packets = uint64(1 + r.IntN(1+r.IntN(1000)))
	fl.Bytes = fl.Packets * uint64(40+r.IntN(1461))
	fl.RevPackets = uint64(r.IntN(1 + int(fl.Packets)))
	fl.RevBytes = fl.RevPackets * uint64(40+r.IntN(1461))
	fl.RevTCPFlags = fl.TCPFlags &^ 0x02
	fl.FlowLabel = r.Uint32() & 0xfffff
	fl.TCPOptions = r.Uint32() & 0x0f
	fl.SrcMAC = [6]byte{0x00, 0x1b, 0x21, byte(r.Uint32()), byte(r.Uint32()), byte(r.Uint32())}
	fl.DstMAC = [6]byte{0x90, 0xe2, 0xba, 0x23, 0x09, 0xfc}
	fl.EtherType = ether
	fl.EndReason = uint8(1 + r.IntN(3))
	fl.End = now.Add(-time.Duration(r.IntN(2000)) * time.Millisecond)
	fl.Start = fl.End.Add(-time.Duration(r.IntN(60000)) * time.Millisecond)
	fl.Sampling = 1000
	fl.Frame = sampledFrame(fl, r.IntN(64))
}

// fresh is an address never returned before: public (a first octet or
// prefix of RIR space, so GeoIP places it) with the counter in the rest.
func (s *FlowSource) fresh(ipv6 bool) netip.Addr {
	k := s.churn
	s.churn++
	if ipv6 {
		p := publicV6Prefixes[k%uint32(len(publicV6Prefixes))]
		return netip.AddrFrom16([16]byte{byte(p >> 8), byte(p), 12: byte(k >> 24), 13: byte(k >> 16), 14: byte(k >> 8), 15: byte(k)})
	}
	n := uint32(len(publicFirstOctets))
	o, rest := publicFirstOctets[k%n], k/n
	return netip.AddrFrom4([4]byte{o, byte(rest >> 16), byte(rest >> 8), byte(rest)})
}

// protocol picks TCP, UDP or ICMP in roughly a home network's proportions,
// with the cumulative TCP flags of a finished connection for TCP.
func protocol(r *rand.Rand) (proto, flags uint8) {
	switch n := r.IntN(100); {
	case n < 75:
		return 6, [3]uint8{0x1b, 0x1a, 0x12}[r.IntN(3)]
	case n < 97:
		return 17, 0
	default:
		return 1, 0
	}
}

// Pick chooses the template of the next data packet from the mix.
func (s *FlowSource) Pick(m *Mix) *Template { return m.pick(s.rng) }
