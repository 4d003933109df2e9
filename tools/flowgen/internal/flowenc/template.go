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
	PEN   uint32
	value value
}

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

// RecordLen is the length in bytes of one data record.
func (t *Template) RecordLen() int {
	n := 0
	for _, f := range t.Fields {
		n += int(f.Length)
	}
	return n
}

func f(id, length uint16, v value) Field { return Field{ID: id, Length: length, value: v} }

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

// Templates returns every template a v9 (ipfix=false) or IPFIX exporter can
// send, by name.
func Templates(ipfix bool) map[string]*Template {
	all := []*Template{softflowdV4(ipfix), softflowdV6(ipfix), iptNetflowV4(ipfix)}
	if ipfix {
		all = append(all, biflowV6())
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
	for _, n := range []string{"softflowd4", "softflowd6", "iptnetflow4", "biflow6"} {
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
