// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package packetheader decodes sampled packet headers into the fields a flow record carries.
//
// Two receivers use it: the IPFIX/NetFlow decoder for dataLinkFrameSection (element 315,
// starts at Ethernet), ipHeaderPacketSection (313, starts at IP, version by nibble) and
// ipPayloadPacketSection (314, see ParseTransport); and the sFlow receiver for raw packet
// header records (SFlowLayer maps header_protocol to the first Layer).
//
// Contract:
//   - Parse is pure and does not allocate: the caller owns one Header and reuses it; Parse
//     resets it first. netip.Addr values in it hold no reference to data.
//   - Sampled headers are cut (sFlow and IPFIX exporters commonly keep 128 bytes): Parse goes
//     as far as the data allows and sets Truncated when it stopped inside a header. Has lists
//     the headers fully decoded; a field whose Has bit is clear is zero.
//   - An error unwraps to ErrMalformed and means the bytes contradict the protocol (an IPv4
//     header length below 20, a version nibble not matching the EtherType). The fields Has
//     lists at that point are still right; the caller decides whether to use them.
//   - Packet.Length is the IP total length from the header, not the sampled length: it is the
//     byte count of the sampled packet that a flow's bytes counter adds up.
//   - MPLS does not name its payload: after the bottom of stack Parse takes IPv4 or IPv6 by
//     the version nibble, and an Ethernet pseudowire (with or without the RFC 4385 control
//     word) when the bytes look like an Ethernet header carrying IP, VLAN or MPLS.
//   - Tunnels: Parse records a VXLAN VNI (UDP port 4789) and SRv6 segments, and reports the
//     outer packet. With Parser.Decapsulate naming the tunnel, Packet (and the MACs and VLANs
//     for an Ethernet payload) describe the inner packet and Outer the outer one.
package packetheader
