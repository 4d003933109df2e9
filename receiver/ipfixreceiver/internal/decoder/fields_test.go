package decoder

import (
	"fmt"
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
	{"netflow.sampling_interval", "int", "samplingInterval (34) of the record, else of its sampler's or the exporter's options data (34, 50, 305/306, 309/310), else the v5 header"},
	{"event.kind", "string", "`event`"},
	{"event.category", "string array", "`[network]`"},
	{"event.type", "string array", "`[connection]`"},
	{"event.action", "string", "`network_flow`, the RFC 8158 natEvent (230) name, or `netflow_options`"},
	{"event.start", "string (RFC 3339)", "flowStart{Seconds,Milliseconds,Microseconds,Nanoseconds} (150/152/154/156), flowStartSysUpTime (22) with header uptime or systemInitTimeMilliseconds (160), flowStartDeltaMicroseconds (158), or end minus flowDuration{Milli,Micro}seconds (161/162)"},
	{"event.end", "string (RFC 3339)", "flowEnd* (151/153/155/157), flowEndSysUpTime (21), flowEndDeltaMicroseconds (159), observationTimeMilliseconds (323), or start plus duration"},
	{"event.duration", "int (ns)", "event.end - event.start"},
	{"source.ip", "string", "sourceIPv4Address (8) / sourceIPv6Address (27)"},
	{"source.port", "int", "sourceTransportPort (7)"},
	{"source.mac", "string", "sourceMacAddress (56)"},
	{"source.bytes", "int", "octetDeltaCount (1), else octetTotalCount (85), initiatorOctets (231), postOctetDeltaCount (23); first non-zero; scaled by sampling when configured"},
	{"source.packets", "int", "packetDeltaCount (2), else packetTotalCount (86), initiatorPackets (298), postPacketDeltaCount (24)"},
	{"destination.ip", "string", "destinationIPv4Address (12) / destinationIPv6Address (28)"},
	{"destination.port", "int", "destinationTransportPort (11)"},
	{"destination.mac", "string", "destinationMacAddress (80)"},
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
	{"observer.ingress.interface.id", "string", "ingressInterface (10)"},
	{"observer.ingress.interface.name", "string", "interfaceName (82) / interfaceDescription (83) of that ifIndex from options data"},
	{"observer.egress.interface.id", "string", "egressInterface (14)"},
	{"observer.egress.interface.name", "string", "as the ingress name"},
	{"related.ip", "string array", "distinct source, destination and NAT addresses"},
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
	b.WriteString("\n## Other names seen in the test captures\n\n| Field | Type | Source |\n|---|---|---|\n")
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
	case strings.HasPrefix(k, "netflow.enterprise."):
		return "enterprise element not in the table: raw value, hex"
	case strings.HasPrefix(k, "netflow.unknown."):
		return "unassigned IANA/v9 field type: raw value, hex"
	}
	return ""
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
- ipv4Address/ipv6Address: string; macAddress: string ` + "`aa:bb:cc:dd:ee:ff`" + `;
- string: string (trailing NULs removed, invalid UTF-8 as hex);
- dateTimeSeconds/Milliseconds/Microseconds/Nanoseconds: string, RFC 3339 with nanoseconds, UTC
  (micro/nanoseconds use the NTP format of RFC 7011 section 6.1.9/6.1.10);
- sysUpTime-relative times (flowStart/EndSysUpTime, v5/v9 FIRST/LAST_SWITCHED): int milliseconds;
- octetArray, lists and elements of the wrong size: hex string;
- enterprise elements not in the table: ` + "`netflow.enterprise.<pen>.<id>`" + `, hex string.

Elements copied to an ECS field (addresses, ports, protocol, counters, MACs, interfaces, VLAN, NAT
addresses and ports, flow times) get their ` + "`netflow.*`" + ` copy only with
` + "`Config.NetflowCopies`" + ` (the golden files are made with it on). Zero-length fields are skipped.
Options records carry all their elements.
`
