// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package protocolnameprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/protocolnameprocessor"

import (
	"math/bits"

	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-flows/otelcol-flows/processor/protocolnameprocessor/internal/names"
)

func (p *protocolNamer) nameProtocol(attrs pcommon.Map, proto number, c *batchCounts) {
	if proto.state == numberAbsent {
		return
	}
	name := ""
	switch proto.state {
	case numberInvalid:
		p.unknown.malformedValue(mappingProtocol, p.cfg.Protocol.Source)
	case numberOK:
		if name = names.Protocol(uint8(proto.value), p.protoCase); name == "" {
			p.unknown.protocol(uint8(proto.value), p.cfg.Protocol.Target)
		}
	}
	p.protocolTarget.put(attrs, name, c)
}

// nameTCPFlags writes nothing when no named bit is set: an empty list says
// nothing a query could use, and UDP flows often carry 0.
func (p *protocolNamer) nameTCPFlags(attrs pcommon.Map, c *batchCounts) {
	cfg := &p.cfg.TCPFlags
	flags := readNumber(attrs, cfg.Source, 0xffff)
	switch {
	case flags.state == numberAbsent:
		return
	case flags.state == numberInvalid:
		p.unknown.malformedValue(mappingTCPFlags, cfg.Source)
		c.unknown[mappingTCPFlags]++
		return
	}
	set := uint16(flags.value) & names.TCPFlagMask
	if set == 0 || !targetFree(attrs, cfg.Target, cfg.Override) {
		return
	}
	if cfg.Format == FormatString {
		attrs.PutStr(cfg.Target, names.TCPFlagString(set))
	} else {
		putFlagList(attrs, cfg.Target, set)
	}
	c.set[mappingTCPFlags]++
}

// putFlagList writes one string per bit set. pdata allocates the array, its
// backing slice (sized once here) and one value per element, so this costs
// 3 + popcount allocations; the "string" format costs one.
func putFlagList(attrs pcommon.Map, key string, set uint16) {
	list := attrs.PutEmptySlice(key)
	list.EnsureCapacity(bits.OnesCount16(set))
	for bit := range names.TCPFlagCount {
		if set&(1<<bit) != 0 {
			list.AppendEmpty().SetStr(names.TCPFlag(bit))
		}
	}
}

// nameService prefers, of the two ports, the lower one that is in the table:
// servers listen on low, registered ports and clients use ephemeral high
// ones, and when both are known (a DNS server querying another on 53 from
// 53) either is right. Equal ports resolve to the destination.
func (p *protocolNamer) nameService(attrs pcommon.Map, proto number, c *batchCounts) {
	if proto.state != numberOK || !names.HasPorts(uint8(proto.value)) {
		return
	}
	cfg := &p.cfg.Service
	transport := uint8(proto.value)
	dst := readNumber(attrs, cfg.DestinationPort, 0xffff)
	src := readNumber(attrs, cfg.SourcePort, 0xffff)
	if dst.state == numberAbsent && src.state == numberAbsent {
		return
	}
	name, bestPort := "", uint64(1<<16)
	if dst.state == numberOK {
		if n := names.Service(transport, uint16(dst.value)); n != "" {
			name, bestPort = n, dst.value
		}
	}
	if src.state == numberOK && src.value < bestPort {
		if n := names.Service(transport, uint16(src.value)); n != "" {
			name = n
		}
	}
	p.serviceTarget.put(attrs, name, c)
}
