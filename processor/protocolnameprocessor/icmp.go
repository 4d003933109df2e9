// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package protocolnameprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/protocolnameprocessor"

import (
	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-flows/otelcol-flows/processor/protocolnameprocessor/internal/names"
)

// IP protocol numbers of ICMP and ICMPv6.
const (
	protoICMP   = 1
	protoICMPv6 = 58
)

// icmpMessage is the ICMP type and code found in one record.
type icmpMessage struct {
	version   names.ICMPVersion
	typ, code uint8
	hasCode   bool
	state     numberState
}

func fromTypeCode(v names.ICMPVersion, typeCode uint64) icmpMessage {
	return icmpMessage{version: v, typ: uint8(typeCode >> 8), code: uint8(typeCode), hasCode: true, state: numberOK}
}

// readICMP finds the message of a record. With a known protocol only that
// version's fields are read, because exporters that put every ICMP field in
// one template fill the other version's (and a TCP flow's) with zeros, and
// zero is echo-reply. Without a protocol the ICMP fields are trusted but the
// port is not: it is a real port on every other protocol.
func (p *protocolNamer) readICMP(attrs pcommon.Map, proto number) icmpMessage {
	cfg := &p.cfg.ICMP
	switch {
	case proto.is(protoICMP):
		return p.readICMPOrPort(attrs, names.ICMPv4, cfg.IPv4)
	case proto.is(protoICMPv6):
		return p.readICMPOrPort(attrs, names.ICMPv6, cfg.IPv6)
	case proto.state == numberOK:
		return icmpMessage{}
	}
	if m := readICMPFields(attrs, names.ICMPv4, cfg.IPv4); m.state != numberAbsent {
		return m
	}
	return readICMPFields(attrs, names.ICMPv6, cfg.IPv6)
}

// readICMPOrPort falls back to the port: NetFlow v5 has no ICMP fields and
// v9 exporters (Cisco) put type*256+code in the destination port. A field
// reading 0/0 loses to a non-zero port: some templates carry an ICMP field
// they never fill, and a genuine echo-reply encodes as port 0 anyway.
func (p *protocolNamer) readICMPOrPort(attrs pcommon.Map, v names.ICMPVersion, src ICMPSources) icmpMessage {
	m := readICMPFields(attrs, v, src)
	if m.state == numberInvalid || (m.state == numberOK && (m.typ != 0 || m.code != 0)) {
		return m
	}
	port := readNumber(attrs, p.cfg.ICMP.PortSource, 0xffff)
	switch {
	case port.state == numberOK && (m.state == numberAbsent || port.value != 0):
		return fromTypeCode(v, port.value)
	case m.state == numberOK:
		return m
	}
	return icmpMessage{state: port.state}
}

func readICMPFields(attrs pcommon.Map, v names.ICMPVersion, src ICMPSources) icmpMessage {
	if tc := readNumber(attrs, src.TypeCode, 0xffff); tc.state != numberAbsent {
		if tc.state == numberInvalid {
			return icmpMessage{state: numberInvalid}
		}
		return fromTypeCode(v, tc.value)
	}
	typ := readNumber(attrs, src.Type, 0xff)
	if typ.state != numberOK {
		return icmpMessage{state: typ.state}
	}
	code := readNumber(attrs, src.Code, 0xff)
	return icmpMessage{
		version: v, typ: uint8(typ.value), code: uint8(code.value),
		hasCode: code.state == numberOK, state: numberOK,
	}
}

func (p *protocolNamer) nameICMP(attrs pcommon.Map, proto number, c *batchCounts) {
	m := p.readICMP(attrs, proto)
	switch m.state {
	case numberAbsent:
		return
	case numberInvalid:
		p.unknown.malformedValue(mappingICMPType, "icmp")
		c.unknown[mappingICMPType]++
		return
	}
	cfg := &p.cfg.ICMP
	putInt(attrs, cfg.TypeTarget, int64(m.typ), cfg.Override)
	if m.hasCode {
		putInt(attrs, cfg.CodeTarget, int64(m.code), cfg.Override)
	}
	typeName := names.ICMPType(m.version, m.typ)
	if typeName == "" && p.icmpTypeName.key != "" {
		p.unknown.icmpType(uint8(m.version), m.typ)
	}
	p.icmpTypeName.put(attrs, typeName, c)
	if !m.hasCode {
		return
	}
	// A type without code names (echo-request) has nothing to name or count.
	if name, named := names.ICMPCode(m.version, m.typ, m.code); named {
		p.icmpCodeName.put(attrs, name, c)
	}
}

func putInt(attrs pcommon.Map, key string, value int64, override bool) {
	if targetFree(attrs, key, override) {
		attrs.PutInt(key, value)
	}
}
