// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import "github.com/otelcol-flows/otelcol-flows/internal/iana"

// kind is the converter a field op applies to its bytes.
type kind uint8

const (
	kSkip        kind = iota
	kUint             // big-endian unsigned, 1-8 bytes (reduced-size encoding allowed)
	kInt              // big-endian two's complement, 1-8 bytes
	kFloat            // IEEE 754, 4 or 8 bytes
	kBool             // RFC 7011 6.1.5: 1 = true, 2 = false
	kMAC              // 6 bytes
	kIPv4             // 4 bytes
	kIPv6             // 16 bytes
	kString           // UTF-8, trailing NULs trimmed
	kBytes            // kept raw as a hex string
	kDateSec          // seconds since the UNIX epoch
	kDateMs           // milliseconds since the UNIX epoch
	kDateNTP          // RFC 7011 6.1.9/6.1.10: NTP timestamp (seconds since 1900 + 2^-32 fraction)
	kJuniperCPID      // Juniper common properties (2636/137): kept as hex and decoded by type
)

// role says which ECS value (or decoder state) a field feeds.
type role uint8

const (
	rNone role = iota
	rSrcAddr
	rDstAddr
	rSrcPort
	rDstPort
	rProto
	rBytes
	rBytesTotal
	rPackets
	rPacketsTotal
	rRevBytes
	rRevBytesTotal
	rRevPackets
	rRevPacketsTotal
	rPostBytes
	rPostPackets
	rInitiatorBytes
	rResponderBytes
	rInitiatorPackets
	rResponderPackets
	rSrcMAC
	rDstMAC
	rInIf
	rOutIf
	rVlan
	rNatSrcAddr
	rNatDstAddr
	rNatSrcPort
	rNatDstPort
	rNatEvent
	rStart // absolute flow start, unit given by the kind
	rEnd
	rStartUptime // milliseconds of exporter uptime (v5/v9 FIRST_SWITCHED, IPFIX flowStartSysUpTime)
	rEndUptime
	rStartDeltaUs // microseconds before export time (RFC 7011 flowStartDeltaMicroseconds)
	rEndDeltaUs
	rDurationMs
	rDurationUs
	rObservationTime
	rSysInit
	rSamplingInterval
	rSamplingPacketInterval
	rSamplingPacketSpace
	rSamplingSize
	rSamplingPopulation
	rSamplerID
	rIfName
	rIfDescription
	rICMPTypeCode
	rICMPType
	rICMPCode
	rInPhysIf  // ingressPhysicalInterface: the ingress interface when ingressInterface is absent
	rOutPhysIf // egressPhysicalInterface
	rFrameSection
	rIPHeaderSection
	rIPPayloadSection
	rBiflowDirection
	rFlowDirection // wireless controllers: which way station and access point face
	rStaMAC
	rWtpMAC
	rStaAddr
	numRoles
)

// ianaRoles maps IANA element IDs (and NetFlow v9 field types, which share the space) to roles.
var ianaRoles = map[uint16]role{
	1: rBytes, 85: rBytesTotal, 2: rPackets, 86: rPacketsTotal,
	23: rPostBytes, 24: rPostPackets, 231: rInitiatorBytes, 232: rResponderBytes, 298: rInitiatorPackets, 299: rResponderPackets,
	4: rProto, 7: rSrcPort, 11: rDstPort, 8: rSrcAddr, 12: rDstAddr, 27: rSrcAddr, 28: rDstAddr,
	56: rSrcMAC, 80: rDstMAC, 10: rInIf, 14: rOutIf, 58: rVlan, 243: rVlan,
	225: rNatSrcAddr, 226: rNatDstAddr, 281: rNatSrcAddr, 282: rNatDstAddr, 227: rNatSrcPort, 228: rNatDstPort,
	230: rNatEvent,
	150: rStart, 152: rStart, 154: rStart, 156: rStart, 151: rEnd, 153: rEnd, 155: rEnd, 157: rEnd,
	22: rStartUptime, 21: rEndUptime, 342: rStartUptime, 343: rEndUptime, 158: rStartDeltaUs, 159: rEndDeltaUs,
	161: rDurationMs, 162: rDurationUs, 323: rObservationTime, 160: rSysInit,
	34: rSamplingInterval, 50: rSamplingInterval, 305: rSamplingPacketInterval, 306: rSamplingPacketSpace,
	309: rSamplingSize, 310: rSamplingPopulation,
	48: rSamplerID, 302: rSamplerID, 82: rIfName, 83: rIfDescription, 32: rICMPTypeCode, 139: rICMPTypeCode,
	176: rICMPType, 177: rICMPCode, 178: rICMPType, 179: rICMPCode,
	252: rInPhysIf, 253: rOutPhysIf,
	// Sampled packet sections (RFC 5477, RFC 7133); 104 is NetFlow v9 layer2packetSectionData.
	315: rFrameSection, 104: rFrameSection, 313: rIPHeaderSection, 314: rIPPayloadSection,
	239: rBiflowDirection, 61: rFlowDirection, 365: rStaMAC, 366: rStaAddr, 367: rWtpMAC,
	// Cisco ASA NSEL NetFlow v9 field types (outside the IANA range).
	40001: rNatSrcAddr, 40002: rNatDstAddr, 40003: rNatSrcPort, 40004: rNatDstPort,
}

// roleFor returns the role of an element; reverse elements (RFC 5103) only feed reverse counters.
func roleFor(pen uint32, id uint16) role {
	switch pen {
	case 0:
		return ianaRoles[id]
	case iana.ReversePEN:
		switch id {
		case 1:
			return rRevBytes
		case 85:
			return rRevBytesTotal
		case 2:
			return rRevPackets
		case 86:
			return rRevPacketsTotal
		}
	}
	return rNone
}

// ecsMapped reports roles whose value is already written as an ECS field, so the netflow.*
// copy is optional (Config.NetflowCopies).
func ecsMapped(r role) bool {
	switch r {
	case rSrcAddr, rDstAddr, rSrcPort, rDstPort, rProto, rBytes, rPackets, rRevBytes, rRevPackets,
		rSrcMAC, rDstMAC, rInIf, rOutIf, rVlan, rNatSrcAddr, rNatDstAddr, rNatSrcPort, rNatDstPort,
		rStart, rEnd, rStartUptime, rEndUptime, rStartDeltaUs, rEndDeltaUs, rObservationTime:
		return true
	}
	return false
}

// isSection reports the roles of sampled packet sections, decoded by internal/packetheader.
func isSection(r role) bool {
	return r == rFrameSection || r == rIPHeaderSection || r == rIPPayloadSection
}
