// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package iana

import "testing"

func TestLookup(t *testing.T) {
	cases := []struct {
		pen  uint32
		id   uint16
		name string
		key  string
		typ  Type
	}{
		{0, 1, "octetDeltaCount", "octet_delta_count", Unsigned64},
		{0, 8, "sourceIPv4Address", "source_ipv4_address", IPv4Address},
		{0, 152, "flowStartMilliseconds", "flow_start_milliseconds", DateTimeMilliseconds},
		{0, 225, "postNATSourceIPv4Address", "post_nat_source_ipv4_address", IPv4Address},
		{0, 433, "ignoredLayer2FrameTotalCount", "ignored_layer2_frame_total_count", Unsigned64}, // from ipfix.yaml
		{0, 40005, "fwEvent", "fw_event", Unsigned8},                                             // Cisco ASA NetFlow v9
		{29305, 1, "reverseOctetDeltaCount", "reverse_octet_delta_count", Unsigned64},
		{637, 93, "natSubString", "nat_sub_string", String}, // Nokia
	}
	for _, c := range cases {
		e, ok := Lookup(c.pen, c.id)
		if !ok || e.Name != c.name || e.Key != c.key || e.Type != c.typ {
			t.Errorf("Lookup(%d, %d) = %+v, %v; want %s %s %v", c.pen, c.id, e, ok, c.name, c.key, c.typ)
		}
	}
	if _, ok := Lookup(12345, 1); ok {
		t.Error("unknown enterprise element found")
	}
	if ParseType("dateTimeNanoseconds") != DateTimeNanoseconds || DateTimeNanoseconds.String() != "dateTimeNanoseconds" {
		t.Error("type names do not round trip")
	}
	if len(All()) < 1000 {
		t.Errorf("table has %d elements", len(All()))
	}
}
