// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder // import "github.com/otelcol-flows/otelcol-flows/receiver/sflowreceiver/internal/decoder"

import "net/netip"

// Flow record formats (enterprise 0, sflow_version_5.txt "flow_data").
const (
	recordRawHeader       = 1
	recordSampledEthernet = 2
	recordSampledIPv4     = 3
	recordSampledIPv6     = 4
	recordExtendedSwitch  = 1001
	recordExtendedRouter  = 1002
	recordExtendedGateway = 1003
	recordExtendedUser    = 1004
	recordExtendedURL     = 1005
)

// fields are the bits of flow.has.
type fields uint32

const (
	hasAddrs fields = 1 << iota
	hasPorts
	hasProto
	hasMACs
	hasEtherType
	hasLength
	hasSwitch
	hasRouter
	hasGateway
	hasUser
	hasURL
	hasTCPFlags
	hasTOS
	hasRawHeader
	hasVLAN
	hasICMP
	hasVXLAN
)

// flow is one flow sample: the sample's own fields and what its records
// said. It is reused for every sample; slices keep their capacity and
// byte slices point into the datagram, valid until Decode returns.
type flow struct {
	has fields
	// sample
	sequence, sourceType, sourceIndex uint32
	rate, pool, drops                 uint32
	inFormat, input                   uint32
	outFormat, output                 uint32
	// packet
	src, dst         netip.Addr
	srcPort, dstPort uint16
	proto            uint8
	tcpFlags         uint32
	tos              uint32
	srcMAC, dstMAC   [6]byte
	etherType        uint32
	vlan, innerVLAN  uint16 // 802.1Q tags of the sampled header
	icmpType         uint8
	icmpCode         uint8
	// VXLAN: the network identifier and the outer (tunnel) addresses
	vni                uint32
	outerSrc, outerDst netip.Addr
	// length is the frame length (raw header, sampled Ethernet) or the IP
	// length (sampled IPv4/IPv6); lengthRank says which, to keep the best.
	length     uint32
	lengthRank uint8
	// raw packet header
	headerProtocol uint32
	stripped       uint32
	header         []byte
	// extended switch
	srcVLAN, srcPriority, dstVLAN, dstPriority uint32
	// extended router
	nextHop          netip.Addr
	srcMask, dstMask uint32
	// extended gateway
	gwNextHop            netip.Addr
	as, srcAS, srcPeerAS uint32
	asPath               []uint32
	communities          []uint32
	localPref            uint32
	// extended user and URL
	srcUser, dstUser []byte
	url, host        []byte
	urlDirection     uint32
}

func (f *flow) reset() {
	asPath, communities := f.asPath[:0], f.communities[:0]
	*f = flow{asPath: asPath, communities: communities}
}

func (f *flow) is(b fields) bool { return f.has&b != 0 }

// setLength keeps the most direct length: the frame length of a raw
// header (rank 3) over the sampled Ethernet length (2) over an IP length (1).
func (f *flow) setLength(n uint32, rank uint8) {
	if rank > f.lengthRank {
		f.length, f.lengthRank = n, rank
		f.has |= hasLength
	}
}

// flowRecord decodes one flow record (see records) into d.flow.
func (d *Decoder) flowRecord(format uint32, r xdr) (known, short bool) {
	f := &d.flow
	switch format {
	case recordRawHeader:
		d.rawHeader(&r)
	case recordSampledEthernet:
		f.sampledEthernet(&r)
	case recordSampledIPv4:
		f.sampledIP(&r, false)
	case recordSampledIPv6:
		f.sampledIP(&r, true)
	case recordExtendedSwitch:
		f.srcVLAN, f.srcPriority, f.dstVLAN, f.dstPriority = r.u32(), r.u32(), r.u32(), r.u32()
		f.has |= hasSwitch
	case recordExtendedRouter:
		f.nextHop, _ = r.address()
		f.srcMask, f.dstMask = r.u32(), r.u32()
		f.has |= hasRouter
	case recordExtendedGateway:
		f.gateway(&r)
	case recordExtendedUser:
		_, f.srcUser, _, f.dstUser = r.u32(), r.opaque(), r.u32(), r.opaque()
		f.has |= hasUser
	case recordExtendedURL:
		f.urlDirection, f.url, f.host = r.u32(), r.opaque(), r.opaque()
		f.has |= hasURL
	default:
		return false, false
	}
	return true, r.short
}

func (f *flow) sampledEthernet(r *xdr) {
	length := r.u32()
	f.srcMAC, f.dstMAC, f.etherType = r.mac(), r.mac(), r.u32()
	if !r.short {
		f.setLength(length, 2)
		f.has |= hasMACs | hasEtherType
	}
}

func (f *flow) sampledIP(r *xdr, v6 bool) {
	length, proto := r.u32(), r.u32()
	if v6 {
		f.src, f.dst = r.ip6(), r.ip6()
	} else {
		f.src, f.dst = r.ip4(), r.ip4()
	}
	srcPort, dstPort := r.u32(), r.u32()
	f.tcpFlags, f.tos = r.u32(), r.u32() // tos: IPv6 priority for sampled IPv6
	if r.short {
		return
	}
	f.setLength(length, 1)
	f.proto, f.srcPort, f.dstPort = uint8(proto), uint16(srcPort), uint16(dstPort)
	f.has |= hasAddrs | hasProto | hasPorts | hasTCPFlags | hasTOS
}

// gateway reads extended_gateway: next hop, AS numbers, the destination
// AS path as segments (flattened here), communities, local preference.
func (f *flow) gateway(r *xdr) {
	f.gwNextHop, _ = r.address()
	f.as, f.srcAS, f.srcPeerAS = r.u32(), r.u32(), r.u32()
	segments := r.u32()
	for i := uint32(0); i < segments && !r.short; i++ {
		_ = r.u32() // segment type: AS_SET or AS_SEQUENCE
		f.asPath = r.appendU32s(f.asPath)
	}
	f.communities = r.appendU32s(f.communities)
	f.localPref = r.u32()
	if !r.short {
		f.has |= hasGateway
	}
}
