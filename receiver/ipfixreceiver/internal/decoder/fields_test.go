// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/golden"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-flows/otelcol-flows/internal/iana"
)

const fieldsDoc = "../../../../docs/fields.md"

// ecsFields documents the fields that are not plain element copies: type and source.
var ecsFields = [][3]string{
	{"netflow.exporter.address", "string (resource)", "UDP source address:port of the exporter"},
	{"netflow.exporter.version", "int (resource)", "5, 9 or 10 (IPFIX)"},
	{"netflow.exporter.source_id", "int (resource)", "v9 source ID / IPFIX observation domain ID / v5 engine type<<8 + engine ID"},
	{"observer.ip", "string (resource)", "exporter IP address"},
	{"netflow.exporter.timestamp", "string (RFC 3339)", "message header export time"},
	{"netflow.exporter.uptime_millis", "int", "v5/v9 header sysUpTime"},
	{"netflow.type", "string", "`netflow_flow` for data records, `netflow_options` for options records"},
	{"netflow.sampling_interval", "int", "the receiver's `sampling` override_rate, else samplingInterval (34) of the record, else of its sampler's or the exporter's options data (34, 50, 305/306, 309/310), else the v5 header, else the `sampling` default_rate; absent when unsampled or unknown"},
	{"netflow.sampling_scaled", "bool", "true when bytes and packets were multiplied by netflow.sampling_interval (`scale_by_sampling`)"},
	{"event.kind", "string", "`event`"},
	{"event.category", "string array", "`[network]`; `[network, session]` for an RFC 5103 biflow (biflowDirection, 239) with both ends known"},
	{"event.type", "string array", "`[connection]`"},
	{"event.action", "string", "`netflow_flow`, the RFC 8158 natEvent (230) name, or `netflow_options`"},
	{"event.start", "string (RFC 3339)", "flowStart{Seconds,Milliseconds,Microseconds,Nanoseconds} (150/152/154/156), flowStartSysUpTime (22) with header uptime or systemInitTimeMilliseconds (160), flowStartDeltaMicroseconds (158), or end minus flowDuration{Milli,Micro}seconds (161/162)"},
	{"event.end", "string (RFC 3339)", "flowEnd* (151/153/155/157), flowEndSysUpTime (21), flowEndDeltaMicroseconds (159), observationTimeMilliseconds (323), or start plus duration"},
	{"event.duration", "int (ns)", "event.end - event.start"},
	{"source.ip", "string", "sourceIPv4Address (8) / sourceIPv6Address (27)"},
	{"source.port", "int", "sourceTransportPort (7)"},
	{"source.mac", "string", "sourceMacAddress (56), `AA-BB-CC-DD-EE-FF`"},
	{"source.bytes", "int", "octetDeltaCount (1), else octetTotalCount (85), initiatorOctets (231), postOctetDeltaCount (23); first non-zero; scaled by sampling when configured"},
	{"source.packets", "int", "packetDeltaCount (2), else packetTotalCount (86), initiatorPackets (298), postPacketDeltaCount (24)"},
	{"destination.ip", "string", "destinationIPv4Address (12) / destinationIPv6Address (28)"},
	{"destination.port", "int", "destinationTransportPort (11)"},
	{"destination.mac", "string", "destinationMacAddress (80), `AA-BB-CC-DD-EE-FF`"},
	{"destination.bytes", "int", "reverseOctetDeltaCount (29305/1), reverseOctetTotalCount (29305/85) or responderOctets (232)"},
	{"destination.packets", "int", "reversePacketDeltaCount (29305/2), reversePacketTotalCount (29305/86) or responderPackets (299)"},
	{"source.nat.ip", "string", "postNATSourceIPv4Address (225) / postNATSourceIPv6Address (281) / Cisco ASA NF_F_XLATE_SRC_ADDR_IPV4 (v9 40001)"},
	{"source.nat.port", "int", "postNAPTSourceTransportPort (227) / NF_F_XLATE_SRC_PORT (40003)"},
	{"destination.nat.ip", "string", "postNATDestinationIPv4Address (226) / postNATDestinationIPv6Address (282) / NF_F_XLATE_DST_ADDR_IPV4 (40002)"},
	{"destination.nat.port", "int", "postNAPTDestinationTransportPort (228) / NF_F_XLATE_DST_PORT (40004)"},
	{"network.type", "string", "`ipv4` or `ipv6`, from the source address"},
	{"network.iana_number", "int", "protocolIdentifier (4)"},
	{"network.bytes", "int", "source.bytes + destination.bytes"},
	{"network.packets", "int", "source.packets + destination.packets"},
	{"network.community_id", "string", "Community ID v1 (seed 0) of addresses, protocol, ports (ICMP: type/code from 32/139/176-179 or the destination port)"},
	{"network.vlan.id", "string", "vlanId (58) / dot1qVlanId (243)"},
	{"observer.ingress.interface.id", "string", "ingressInterface (10), else ingressPhysicalInterface (252)"},
	{"observer.ingress.interface.name", "string", "interfaceName (82) / interfaceDescription (83) of that ifIndex from options data, else the receiver's `interfaces` table (first when `interfaces::prefer_static`)"},
	{"observer.ingress.interface.alias", "string", "description of that ifIndex in the receiver's `interfaces` table"},
	{"netflow.ingress_interface_speed", "int", "speed (bit/s) of that ifIndex in the receiver's `interfaces` table"},
	{"observer.egress.interface.id", "string", "egressInterface (14), else egressPhysicalInterface (253)"},
	{"observer.egress.interface.name", "string", "as the ingress name"},
	{"observer.egress.interface.alias", "string", "as the ingress alias"},
	{"netflow.egress_interface_speed", "int", "as the ingress speed"},
	{"netflow.mpls_label_stack", "int array", "labels of mplsTopLabelStackSection (70) and mplsLabelStackSection2..10 (71-79), top first, up to the entry marked bottom-of-stack or the first absent or all-zero section"},
	{"netflow.mpls_label_stack_exp", "int array", "traffic class (EXP) bits of those entries"},
	{"netflow.mpls_label_stack_bos", "bool array", "bottom-of-stack bits of those entries"},
	{"netflow.mpls_top_label", "int", "label of mplsTopLabelStackSection (70), when not all zero"},
	{"netflow.application_engine_id", "int", "classification engine ID, first octet of applicationId (95, RFC 6759)"},
	{"netflow.application_selector_id", "int", "selector ID, the other octets of applicationId (up to 7)"},
	{"netflow.application_name", "string", "applicationName (96) of the record, else the one the exporter's options data give its applicationId"},
	{"netflow.application_description", "string", "applicationDescription (94) of the record, else from options data as the name"},
	{"network.application", "string", "netflow.application_name lower-cased (ECS)"},
	{"related.ip", "string array", "distinct source, destination and NAT addresses"},
	{"icmp.type", "int", "ICMP/ICMPv6 flows: icmpType (176/178), icmpTypeCodeIPv4/IPv6 (32/139) / 256, the sampled section, else the destination port / 256 (NetFlow's type*256+code)"},
	{"icmp.code", "int", "as icmp.type: the code"},
	{"network.inner.vlan.id", "string", "inner (customer) VLAN of a QinQ frame in a sampled section"},
	{"flow.id", "string", "Filebeat's flow id: base64url xxHash64 of the end with the higher port (address, port), the other end, the protocol; only with an address"},
	{"client.ip", "string", "biflows (biflowDirection, 239): the initiator (source, after the swap for reverseInitiator = 2); also `client.port`, `.mac`, `.bytes`, `.packets`"},
	{"server.ip", "string", "biflows: the responder; also `server.port`, `.mac`, `.bytes`, `.packets`"},
}

// goldenKeys collects every attribute key of the golden files with its value type.
func goldenKeys(t *testing.T) map[string]string {
	files, err := filepath.Glob("testdata/golden/*.yaml")
	require.NoError(t, err)
	keys := map[string]string{}
	add := func(m pcommon.Map) {
		for k, v := range m.All() {
			keys[k] = strings.ToLower(v.Type().String())
		}
	}
	for _, f := range files {
		logs, err := golden.ReadLogs(f)
		require.NoError(t, err)
		for _, rl := range logs.ResourceLogs().All() {
			add(rl.Resource().Attributes())
			for _, sl := range rl.ScopeLogs().All() {
				for _, lr := range sl.LogRecords().All() {
					add(lr.Attributes())
				}
			}
		}
	}
	return keys
}

// TestFieldsDoc checks that docs/fields.md lists every attribute the golden files contain;
// -update regenerates it.
func TestFieldsDoc(t *testing.T) {
	keys := goldenKeys(t)
	if *update {
		require.NoError(t, os.WriteFile(fieldsDoc, []byte(renderFieldsDoc(keys)), 0o600))
	}
	doc, err := os.ReadFile(fieldsDoc)
	require.NoError(t, err)
	for k := range keys {
		require.Contains(t, string(doc), "`"+k+"`", "docs/fields.md misses %s", k)
	}
}

func renderFieldsDoc(keys map[string]string) string {
	var b strings.Builder
	b.WriteString(fieldsIntro)
	b.WriteString("\n## ECS and exporter fields\n\n| Field | Type | Source |\n|---|---|---|\n")
	for _, f := range ecsFields {
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", f[0], f[1], f[2])
	}
	byKey := map[string]iana.Element{}
	for _, e := range iana.All() {
		byKey["netflow."+e.Key] = e
	}
	var names []string
	for k := range keys {
		if _, ok := byKey[k]; ok && strings.HasPrefix(k, "netflow.") {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	b.WriteString("\n## Element copies seen in the test captures\n\n| Field | Type | Element (PEN/ID, IANA type) |\n|---|---|---|\n")
	for _, k := range names {
		e := byKey[k]
		fmt.Fprintf(&b, "| `%s` | %s | %s (%d/%d, %s) |\n", k, keys[k], e.Name, e.PEN, e.ID, e.Type)
	}
	b.WriteString(filebeatParityDoc)
	b.WriteString("\n## Other names\n\nSeen in the test captures, and every field derived from Juniper common properties " +
		"or a sampled packet section.\n\n| Field | Type | Source |\n|---|---|---|\n")
	keys = maps.Clone(keys)
	derive := func(k, typ string) {
		if _, seen := keys[k]; !seen {
			keys[k] = typ
		}
	}
	for k, j := range juniperSources {
		derive(k, j.typ)
	}
	for k, v := range sectionSources {
		derive(k, v[0])
	}
	var other []string
	for k := range keys {
		if _, ok := byKey[k]; !ok && !isECSField(k) {
			other = append(other, k)
		}
	}
	sort.Strings(other)
	for _, k := range other {
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", k, keys[k], otherSource(k))
	}
	return b.String()
}

// filebeatParityDoc is the section on Filebeat's netflow input; TestFilebeatParity enforces it
// (filebeatDifferences holds the same differences as predicates).
const filebeatParityDoc = `
## Fields added after the receiver

| Field | Added by | Value |
|---|---|---|
| ` + "`source.locality`, `destination.locality`, `client.locality`, `server.locality`" + ` | networkdirection processor | ` + "`internal`" + ` when the address is in ` + "`internal_networks`" + ` (default ` + "`[private]`" + `) or is loopback, unspecified, broadcast or link-local; else ` + "`external`" + ` |
| ` + "`flow.locality`" + ` | networkdirection processor | ` + "`internal`" + ` when both ends are, else ` + "`external`" + ` |
| ` + "`network.direction`" + ` | networkdirection processor | ` + "`outbound`" + ` (internal to external), ` + "`inbound`" + `, ` + "`internal`" + `, ` + "`external`" + ` |
| ` + "`event.created`" + ` | ecsdocument processor | arrival time of the datagram (observed timestamp), milliseconds |
| ` + "`ecs.version`" + ` | ecsdocument processor | ` + "`8.17.0`" + `, the ECS release of the index template |

## Filebeat parity

The same captures give the same values as Filebeat's netflow input (with the Elastic NetFlow
integration's rule for ` + "`network.direction`" + `) for ` + "`event.*`, `source.*`, `destination.*`, `client.*`, `server.*`, `flow.*`, `network.direction`, `network.iana_number`, `network.bytes`, `network.packets`, `related.ip`" + `
and the ` + "`netflow.*`" + ` element names, with the differences below, which we keep knowingly.
` + "`TestFilebeatParity`" + ` (receiver/ipfixreceiver/internal/decoder) re-implements Filebeat's rules
and fails on any other divergence.

| Field | Filebeat | otelcol-flows | Why |
|---|---|---|---|
| ` + "`netflow.*` copies of ECS-mapped elements" + ` | always | only with ` + "`netflow_copies: true`" + ` (default off) | every value is in its ECS field; the copies cost a quarter of the pipeline's CPU |
| ` + "`event.action`" + ` | ` + "`netflow_flow`" + ` | the RFC 8158 natEvent name on NAT event records, else ` + "`netflow_flow`" + ` | says what the record is |
| ` + "`source.bytes`/`packets`, `network.bytes`/`packets`" + ` | first counter present, even 0 | first non-zero of more counters (also post* counters) | egress-only exporters send IN_BYTES = 0 beside the real OUT_BYTES |
| ` + "`network.bytes`/`packets`" + ` | only with a forward counter | also with only reverse counters | |
| ` + "`network.direction`" + ` | ` + "`unknown`" + ` (or flowDirection's name) without both addresses | absent | never a guess |
| ` + "`flow.locality`" + ` | a missing address counted as 0.0.0.0 (internal) | absent unless both addresses are known | never a guess |
| ` + "`flow.id`" + ` | hashes 0.0.0.0 for a record without addresses | absent without any address | an id over nothing identifies nothing |
| ` + "`source.ip`/`destination.ip`" + ` when a template carries both families | always the IPv4 element, even 0.0.0.0 | the specified one | Procera sends 0.0.0.0 or :: for the unused family |
| every ECS field of a record with a sampled packet section (` + "`dataLinkFrameSection`, `ipHeaderPacketSection`, `ipPayloadPacketSection`" + `, v9 104) | empty: the section stays a hex ` + "`netflow.*`" + ` value | addresses, ports, protocol, MACs, VLAN and one packet of the sampled length, from the parsed section | the section is the only copy of the flow's 5-tuple |
| ` + "`related.ip`" + ` | source and destination, sorted | also the NAT addresses, in record order | ECS: every address of the event |
| ` + "`network.transport`" + ` | tcp, udp, icmp, ipv6-icmp, else ` + "`unknown (N)`" + ` | every IANA keyword (protocolname processor), absent when unassigned | |
| ` + "`network.type`, `network.community_id`, `network.vlan.id`, `observer.*.interface.*`, `event.start`/`end` from absolute times, `source.nat.*`" + ` | not written | written | our additions |
| ` + "`event.created`" + ` | when Filebeat read the record | when the datagram arrived | |
`

func isECSField(k string) bool {
	for _, f := range ecsFields {
		if f[0] == k {
			return true
		}
	}
	return false
}

func otherSource(k string) string {
	switch {
	case strings.HasPrefix(k, "netflow.scope_"):
		return "NetFlow v9 options scope field (RFC 3954 section 6.1)"
	case k == "netflow.enterprise.2636.137":
		return "Juniper common properties, every occurrence as hex (decoded into netflow.juniper.*)"
	case strings.HasPrefix(k, "netflow.enterprise."):
		return "enterprise element not in the table: raw value, hex"
	case strings.HasPrefix(k, "netflow.unknown."):
		return "unassigned IANA/v9 field type: raw value, hex"
	case strings.HasPrefix(k, "netflow.juniper."):
		return juniperSources[k].source()
	case strings.HasPrefix(k, "netflow.section."):
		return sectionSources[k][1]
	}
	return ""
}

// juniperProperty is a field decoded from Juniper common properties (2636/137): its type,
// the CPID type it comes from and what it holds.
type juniperProperty struct {
	typ  string
	cpid int
	what string
}

// source is the field's Source column; "" for a field not in juniperSources.
func (j juniperProperty) source() string {
	if j.typ == "" {
		return ""
	}
	return fmt.Sprintf("2636/137 type %d: %s", j.cpid, j.what)
}

// juniperSources documents the decoded Juniper common properties (2636/137, by CPID type).
var juniperSources = map[string]juniperProperty{
	"netflow.juniper.forwarding_class":                   {"int", 1, "forwarding class (value bits 5-2)"},
	"netflow.juniper.drop_priority":                      {"int", 1, "drop (loss) priority (value bits 1-0)"},
	"netflow.juniper.forwarding_exception_code":          {"int", 2, "forwarding exception code, platform specific (0: forwarded)"},
	"netflow.juniper.dropped":                            {"bool", 2, "true when the exception code is not 0 (the sampled packet was dropped)"},
	"netflow.juniper.forwarding_nexthop_id":              {"int", 3, "forwarding next-hop ID"},
	"netflow.juniper.egress_interface_index":             {"int", 4, "egress logical interface index (0 when monitoring ingress)"},
	"netflow.juniper.underlying_ingress_interface_index": {"int", 5, "underlying ingress interface (the AE member link or IRB's VLAN interface)"},
	"netflow.juniper.ingress_interface_index":            {"int", 6, "ingress logical interface index"},
}

// sectionSources documents what a sampled packet section (313/314/315, v9 104) adds.
var sectionSources = map[string][2]string{
	"netflow.section.mpls_labels":          {"slice (int)", "MPLS label stack of the sampled frame, top first (int array)"},
	"netflow.section.srv6_segments":        {"slice (str)", "SRv6 segment list of the sampled packet's routing header, in wire order (last segment first)"},
	"netflow.section.srv6_segments_left":   {"int", "SRv6 segments left"},
	"netflow.section.vxlan_vni":            {"int", "VXLAN network identifier of a sampled VXLAN packet"},
	"netflow.section.outer_source_ip":      {"str", "with 'decapsulate': the tunnel's outer source address (the flow is the inner packet)"},
	"netflow.section.outer_destination_ip": {"str", "with 'decapsulate': the tunnel's outer destination address"},
	"netflow.section.truncated":            {"bool", "the section ended inside a header (the fields before it are decoded)"},
	"netflow.section.error":                {"str", "the section contradicts its protocol (the fields before the fault are decoded)"},
}

const fieldsIntro = `# Fields emitted by the ipfix receiver

Generated by ` + "`go test ./receiver/ipfixreceiver/internal/decoder -run TestFieldsDoc -update`" + ` from
the golden files; the test fails when a golden file holds a field this page does not list.

One log record per flow (data record) or options record. Timestamp = flow end (else the export
time), observed timestamp = arrival time. Exporter identity is on the resource.

Every decoded element is also written as ` + "`netflow.<snake_case name>`" + ` (Filebeat's naming: IANA
name in snake case, "IPv4"/"IPv6" kept as one word). Value types:

- unsigned/signed integers of any (reduced) size: int (unsigned64 values above 2^63 wrap);
- float32/float64: double; boolean: bool;
- ipv4Address/ipv6Address: string; macAddress: string ` + "`AA-BB-CC-DD-EE-FF`" + ` (ECS);
- string: string (trailing NULs removed, invalid UTF-8 as hex);
- dateTimeSeconds/Milliseconds/Microseconds/Nanoseconds: string, RFC 3339 with nanoseconds, UTC
  (micro/nanoseconds use the NTP format of RFC 7011 section 6.1.9/6.1.10);
- sysUpTime-relative times (flowStart/EndSysUpTime, v5/v9 FIRST/LAST_SWITCHED): int milliseconds;
- octetArray, lists and elements of the wrong size: hex string;
- enterprise elements not in the table: ` + "`netflow.enterprise.<pen>.<id>`" + `, hex string, unless the
  receiver's ` + "`custom_elements`" + ` defines them: then named and typed like the compiled ones;
- an element the template lists more than once: an array of every occurrence, in template order
  (hex strings when the occurrences convert differently, e.g. one of the wrong size).

Sampled packet sections (dataLinkFrameSection 315, v9 layer2packetSectionData 104,
ipHeaderPacketSection 313, ipPayloadPacketSection 314) fill the ECS fields the record's elements
leave empty, as if the sampled packet were a one-packet flow of its IP total length.

Elements copied to an ECS field (addresses, ports, protocol, counters, MACs, interfaces, VLAN, NAT
addresses and ports, flow times) get their ` + "`netflow.*`" + ` copy only with
` + "`Config.NetflowCopies`" + ` (the golden files are made with it on). Zero-length fields are skipped.
Options records carry all their elements.
`
