// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package flowenc

import (
	"net/netip"
	"time"
)

// Flow is one synthetic flow: the union of every value the templates in
// this package can carry. A template encodes only the values it names.
type Flow struct {
	Src, Dst         netip.Addr
	NextHop          netip.Addr
	SrcPort, DstPort uint16
	Protocol         uint8
	TCPFlags         uint8
	TOS              uint8
	EndReason        uint8
	InIf, OutIf      uint32
	Packets, Bytes   uint64
	// Reverse direction counters of an RFC 5103 biflow.
	RevPackets, RevBytes uint64
	RevTCPFlags          uint8
	FlowLabel            uint32
	TCPOptions           uint32
	SrcMAC, DstMAC       [6]byte
	EtherType            uint16
	Start, End           time.Time
	// Frame is a sampled packet of the flow, as a frame-section template exports it.
	Frame []byte
	// Sampling is the sampling interval a sampled-frame template states.
	Sampling uint32
}
