// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package flowenc

import (
	"fmt"
	"strings"
)

// ReversePEN is the private enterprise number RFC 5103 assigns to reverse
// information elements: a reverse element has the forward element's ID with
// this PEN.
const ReversePEN = 29305

// Field is one template field: the information element, its encoded length
// and the flow value it carries.
type Field struct {
	ID     uint16
	Length uint16
	// PEN is the enterprise number; zero for IANA elements.
	PEN uint32
	// Raw is the constant content of a vRaw field (vendor metadata every record repeats).
	Raw   []byte
	value value
}

// VarLen is the field length that announces a variable-length field (RFC 7011 section 7).
const VarLen = 0xFFFF

// maxVarLen bounds a variable-length value: the 1-byte length form (RFC 7011 section 7),
// which is what exporters use for sampled frame sections.
const maxVarLen = 254

// Template is a fixed-length record layout, identified by its template ID
// within an observation domain.
type Template struct {
	// Name is the flag name that selects this template in a mix.
	Name   string
	ID     uint16
	Fields []Field
	// IPFIXOnly marks templates a v9 exporter cannot send (enterprise fields).
	IPFIXOnly bool
}

// RecordLen is the length in bytes of one data record, the largest one when the template has
// variable-length fields.
func (t *Template) RecordLen() int {
	n := 0
	for _, f := range t.Fields {
		if f.Length == VarLen {
			n += 1 + maxVarLen
			continue
		}
		n += int(f.Length)
	}
	return n
}

func f(id, length uint16, v value) Field { return Field{ID: id, Length: length, value: v} }

func raw(pen uint32, id uint16, b ...byte) Field {
	return Field{ID: id, Length: uint16(len(b)), PEN: pen, Raw: b, value: vRaw}
}

func rev(id, length uint16, v value) Field {
	return Field{ID: id, Length: length, PEN: ReversePEN, value: v}
}

// softflowdV4 is softflowd's v9 template 1024 as captured in
// logstash-codec-netflow's netflow9_test_softflowd_tpl_data.dat. For IPFIX the
// uptime-relative timestamps become absolute milliseconds, because an IPFIX
// header carries no system uptime to relate them to.
func softflowdV4(ipfix bool) *Template {
	start, end := f(22, 4, vStartUptime), f(21, 4, vEndUptime)
	if ipfix {
		start, end = f(152, 8, vStartMillis), f(153, 8, vEndMillis)
	}
	return &Template{Name: "softflowd4", ID: 1024, Fields: []Field{
		f(8, 4, vSrc4), f(12, 4, vDst4), end, start,
		f(1, 4, vBytes), f(2, 4, vPackets), f(10, 4, vInIf), f(14, 4, vOutIf),
		f(7, 2, vSrcPort), f(11, 2, vDstPort), f(4, 1, vProtocol),
		f(6, 1, vTCPFlags), f(60, 1, vIPVersion), f(5, 1, vTOS),
	}}
}

// softflowdV6 is softflowd's v9 template 2048 (same capture), the IPv6 twin
// of template 1024.
func softflowdV6(ipfix bool) *Template {
	t := softflowdV4(ipfix)
	t.Name, t.ID = "softflowd6", 2048
	t.Fields[0], t.Fields[1] = f(27, 16, vSrc6), f(28, 16, vDst6)
	return t
}

// iptNetflowV4 is ipt_NETFLOW's IPv4 template 260 as captured in
// netflow9_test_iptnetflow_reduced_size_encoding_tpldata260.dat (reduced-size
// 2-byte interfaces, MAC addresses, tcpOptions). In IPFIX mode ipt_NETFLOW
// exports absolute millisecond timestamps and flowEndReason instead.
func iptNetflowV4(ipfix bool) *Template {
	fields := []Field{
		f(8, 4, vSrc4), f(12, 4, vDst4), f(15, 4, vNextHop4),
		f(7, 2, vSrcPort), f(11, 2, vDstPort), f(6, 1, vTCPFlags),
		f(10, 2, vInIf), f(14, 2, vOutIf), f(252, 2, vInIf), f(253, 2, vOutIf),
		f(2, 4, vPackets), f(1, 4, vBytes),
	}
	if ipfix {
		fields = append(fields, f(152, 8, vStartMillis), f(153, 8, vEndMillis))
	} else {
		fields = append(fields, f(22, 4, vStartUptime), f(21, 4, vEndUptime))
	}
	fields = append(fields, f(4, 1, vProtocol), f(5, 1, vTOS))
	if ipfix {
		fields = append(fields, f(136, 1, vEndReason))
	}
	fields = append(fields, f(209, 4, vTCPOptions), f(80, 6, vDstMAC), f(56, 6, vSrcMAC), f(256, 2, vEtherType))
	return &Template{Name: "iptnetflow4", ID: 260, Fields: fields}
}

// biflowV6 is an IPv6 biflow template as YAF and other RFC 5103 exporters
// send it: forward counters plus reverse counters under PEN 29305.
func biflowV6() *Template {
	return &Template{Name: "biflow6", ID: 400, IPFIXOnly: true, Fields: []Field{
		f(27, 16, vSrc6), f(28, 16, vDst6), f(7, 2, vSrcPort), f(11, 2, vDstPort),
		f(4, 1, vProtocol), f(6, 2, vTCPFlags), f(31, 4, vFlowLabel),
		f(152, 8, vStartMillis), f(153, 8, vEndMillis),
		f(1, 8, vBytes), f(2, 8, vPackets),
		rev(1, 8, vRevBytes), rev(2, 8, vRevPackets), rev(6, 2, vRevTCPFlags),
		f(10, 4, vInIf), f(14, 4, vOutIf), f(136, 1, vEndReason),
	}}
}

// juniperInline is template 384 of a Juniper MX inline monitoring (JRI) exporter, field for
// field as Juniper's "Packets Lost in Transit?" article (community.juniper.net, 2024) shows
// it: six common properties (2636/137: forwarding class and drop priority, exception code
// 194 "discard route", next hop, egress, underlying and ingress interface index 360),
// interfaces, direction, frame size and the sampled frame as a variable-length section.
func juniperInline() *Template {
	const jnpr = 2636
	return &Template{Name: "juniper-inline", ID: 384, IPFIXOnly: true, Fields: []Field{
		raw(jnpr, 137, 0x04, 0, 0, 0), raw(jnpr, 137, 0x08, 194), raw(jnpr, 137, 0x0c, 0, 0, 0),
		raw(jnpr, 137, 0x10, 0, 0, 0), raw(jnpr, 137, 0x14, 0, 0, 0), raw(jnpr, 137, 0x18, 0, 0x01, 0x68),
		f(10, 4, vInIf), f(14, 4, vOutIf), f(61, 1, vDirection), f(312, 2, vFrameSize), f(315, VarLen, vFrame),
	}}
}

// l2SectionV9 is a NetFlow v9 sampled-frame template as Cisco routers send it: physical
// interfaces only, direction, sampling interval and the frame in layer2packetSectionData
// (104) of fixed length, the tail zero-filled when the frame is shorter.
func l2SectionV9() *Template {
	return &Template{Name: "l2section", ID: 266, Fields: []Field{
		f(252, 4, vInIf), f(253, 4, vOutIf), f(61, 1, vDirection), f(34, 4, vSampling), f(104, 128, vFrame),
	}}
}

// ipHeaderSection is an IPFIX PSAMP template (RFC 5477) with the sampled IP header (313)
// instead of the Ethernet frame.
func ipHeaderSection() *Template {
	return &Template{Name: "ipheader", ID: 313, IPFIXOnly: true, Fields: []Field{
		f(10, 4, vInIf), f(14, 4, vOutIf), f(313, VarLen, vIPSection),
	}}
}

// Templates returns every template a v9 (ipfix=false) or IPFIX exporter can
// send, by name.
func Templates(ipfix bool) map[string]*Template {
	all := []*Template{softflowdV4(ipfix), softflowdV6(ipfix), iptNetflowV4(ipfix), l2SectionV9()}
	if ipfix {
		all = append(all, biflowV6(), juniperInline(), ipHeaderSection())
	}
	m := make(map[string]*Template, len(all))
	for _, t := range all {
		m[t.Name] = t
	}
	return m
}

// TemplateNames lists the names Templates accepts, for flag help and errors.
func TemplateNames(ipfix bool) string {
	names := make([]string, 0, 4)
	for _, n := range []string{"softflowd4", "softflowd6", "iptnetflow4", "biflow6", "juniper-inline", "l2section", "ipheader"} {
		if _, ok := Templates(ipfix)[n]; ok {
			names = append(names, n)
		}
	}
	return strings.Join(names, ",")
}

func lookupTemplate(ipfix bool, name string) (*Template, error) {
	t, ok := Templates(ipfix)[name]
	if !ok {
		return nil, fmt.Errorf("unknown template %q for this version (have %s)", name, TemplateNames(ipfix))
	}
	return t, nil
}

// IPv6 reports whether the template carries IPv6 addresses.
func (t *Template) IPv6() bool {
	for _, f := range t.Fields {
		if f.value == vSrc6 {
			return true
		}
	}
	return false
}
