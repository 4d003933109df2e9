// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package iana

import "testing"

func TestKeyFor(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"sourceIPv4Address", "source_ipv4_address"},
		{"postNATSourceIPv4Address", "post_nat_source_ipv4_address"},
		{"flowStartSysUpTime", "flow_start_sys_up_time"},
		{"dot1qVlanId", "dot1q_vlan_id"},
		{"layer2SegmentId", "layer2_segment_id"},
		{"initialTCPFlags", "initial_tcp_flags"},
		{"octetDeltaCount", "octet_delta_count"},
		{"already_snake_case", "already_snake_case"},
	} {
		if got := KeyFor(tc.in); got != tc.want {
			t.Errorf("KeyFor(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
