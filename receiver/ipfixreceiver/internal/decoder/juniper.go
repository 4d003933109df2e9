// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import "go.opentelemetry.io/collector/pdata/pcommon"

// Juniper inline monitoring (Juniper Resiliency Interface) exports its per-packet metadata as
// enterprise element 2636/137, "common properties", repeated in one template with lengths 2
// or 4. The top 6 bits of each occurrence say what it carries, the remaining bits the value
// (Junos "primary-data-record-fields": cpid-forwarding-class-drop-priority, -forwarding-
// exception-code, -forwarding-nexthop-id, -egress-interface-index, -underlying-ingress-
// interface-index, -ingress-interface-index; the same type numbers Wireshark's cflow
// dissector names).
const (
	juniperPEN              = 2636
	juniperCommonProperties = 137
)

// juniperCPIDKeys names the value of each common-properties type.
var juniperCPIDKeys = [...]string{
	1: "netflow.juniper.forwarding_class", // and drop priority, see putJuniperCPID
	2: "netflow.juniper.forwarding_exception_code",
	3: "netflow.juniper.forwarding_nexthop_id",
	4: "netflow.juniper.egress_interface_index",
	5: "netflow.juniper.underlying_ingress_interface_index",
	6: "netflow.juniper.ingress_interface_index",
}

// putJuniperCPID decodes one common-properties occurrence (1 to 8 bytes, compile checks).
// A non-zero forwarding exception code means the sampled packet was dropped; the code
// itself is platform specific (Junos names it in "show pfe statistics exceptions").
func putJuniperCPID(b []byte, attrs pcommon.Map) {
	v := beUint(b)
	bits := uint(len(b)) * 8
	typ := v >> (bits - 6)
	value := v & (1<<(bits-6) - 1)
	if typ >= uint64(len(juniperCPIDKeys)) || juniperCPIDKeys[typ] == "" {
		return // an unknown type stays in the raw array only
	}
	switch typ {
	case 1:
		// 4-bit forwarding class over a 2-bit drop (loss) priority, the split Wireshark's cflow
		// dissector applies and Junos' 16 classes and 4 loss priorities fill.
		attrs.PutInt(juniperCPIDKeys[1], int64(value>>2&0xf))
		attrs.PutInt("netflow.juniper.drop_priority", int64(value&3))
		return
	case 2:
		attrs.PutBool("netflow.juniper.dropped", value != 0)
	}
	attrs.PutInt(juniperCPIDKeys[typ], int64(value))
}
