// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/plog"
)

// kv is attribute -> expected value, compared through fmt.Sprint of the attribute's raw value.
type kv map[string]any

// expectation is a value the capture's source test suite asserts (INDEX.md "Expected"), for
// record number idx of a replay (records counted in decode order, across resources).
type expectation struct {
	replay string
	total  int // records the replay must yield; 0 = not checked
	idx    int
	want   kv
}

func flow5(src string, sport int, dst string, dport int, proto int) kv {
	return kv{"source.ip": src, "source.port": sport, "destination.ip": dst, "destination.port": dport, "network.iana_number": proto}
}

func merge(a, b kv) kv {
	for k, v := range b {
		a[k] = v
	}
	return a
}

var expectations = []expectation{
	{"netflow5", 30, 0, merge(flow5("10.0.2.2", 54435, "10.0.2.15", 22, 6), kv{"netflow.tcp_control_bits": 16, "source.packets": 5, "source.bytes": 230})},
	{"netflow5", 30, 1, merge(flow5("10.0.2.15", 22, "10.0.2.2", 54435, 6), kv{"netflow.tcp_control_bits": 24, "source.packets": 4, "source.bytes": 304})},
	{"netflow5_test_microtik", 30, 29, merge(flow5("10.0.8.1", 80, "192.168.0.1", 51826, 6), kv{"netflow.ip_class_of_service": 40, "netflow.tcp_control_bits": 82, "netflow.ip_next_hop_ipv4_address": "192.168.0.1", "observer.ingress.interface.id": "13", "observer.egress.interface.id": "46", "source.packets": 13, "source.bytes": 11442})},
	{"netflow5_test_juniper_mx80", 29, 28, merge(flow5("66.249.92.75", 37387, "192.168.0.1", 80, 6), kv{"netflow.sampling_interval": 1000, "netflow.bgp_source_as_number": 15169, "netflow.bgp_destination_as_number": 64496, "netflow.source_ipv4_prefix_length": 19, "netflow.destination_ipv4_prefix_length": 24, "observer.ingress.interface.id": "542", "observer.egress.interface.id": "536", "source.packets": 2, "source.bytes": 104})},
	{"goflow2_nfv5", 6, 0, merge(flow5("10.128.2.121", 8080, "10.128.2.1", 47384, 6), kv{"netflow.tcp_control_bits": 27, "source.packets": 5, "source.bytes": 590, "observer.ingress.interface.id": "9", "observer.egress.interface.id": "2"})},
	{"netflow9_test_valid01", 7, 0, merge(flow5("172.16.32.100", 123, "172.16.32.248", 123, 17), kv{"source.packets": 1, "source.bytes": 76, "netflow.ip_version": 4})},
	{"netflow9_test_macaddr_data", 30, 1, merge(flow5("172.16.32.1", 65058, "172.16.32.201", 22, 6), kv{"source.mac": "00-50-56-C0-00-01", "destination.mac": "00-0C-29-70-86-09"})},
	{"netflow9_test_cisco_aci_data256", 3, 0, merge(flow5("10.154.231.145", 179, "10.154.231.146", 49411, 6), kv{"netflow.tcp_control_bits": 24, "source.packets": 2, "source.bytes": 99, "observer.ingress.interface.id": "369139712", "netflow.flow_direction": 0})},
	{"netflow9_test_cisco_asa_1_data", 14, 1, kv{"netflow.flow_id": 8501, "source.ip": "192.168.23.22", "destination.ip": "164.164.37.11", "netflow.icmp_type_ipv4": 8, "netflow.icmp_code_ipv4": 0, "observer.ingress.interface.id": "2", "observer.egress.interface.id": "3", "netflow.fw_event": 2, "netflow.fw_ext_event": 2025, "event.end": "2015-10-09T09:47:50.179Z", "netflow.octet_total_count": 56, "netflow.ingress_acl_id": "0f8e7ff3fc1a030f00000000", "netflow.aaa_username": ""}},
	{"netflow9_test_nprobe_data", 9, 1, merge(flow5("172.16.32.201", 22, "172.16.32.1", 65058, 6), kv{"netflow.tcp_control_bits": 24, "netflow.ip_class_of_service": 16, "source.packets": 2, "source.bytes": 200})},
	{"netflow9_test_nprobe_data", 9, 0, kv{"netflow.scope_system": 0, "netflow.exported_flow_record_total_count": 1, "netflow.exported_message_total_count": 0}},
	{"ipfix", 13, 0, kv{"netflow.type": "netflow_options", "netflow.metering_process_id": 2679, "netflow.system_init_time_milliseconds": "2015-05-13T11:20:13.506Z", "netflow.selector_algorithm": 1, "netflow.sampling_packet_interval": 1, "netflow.sampling_packet_space": 0}},
	{"ipfix", 13, 1, merge(flow5("192.168.253.1", 60560, "192.168.253.128", 22, 6), kv{"netflow.tcp_control_bits": 16, "source.packets": 5, "source.bytes": 260, "network.packets": 5, "network.bytes": 260})},
	{"ipfix", 13, 2, merge(flow5("192.168.253.128", 22, "192.168.253.1", 60560, 6), kv{"netflow.tcp_control_bits": 24, "source.packets": 6, "source.bytes": 1000})},
	{"ipfix", 13, 3, merge(flow5("192.168.253.2", 53, "192.168.253.132", 35262, 17), kv{"source.packets": 2, "source.bytes": 601})},
	{"ipfix", 13, 5, merge(flow5("54.214.9.161", 443, "192.168.253.132", 49935, 6), kv{"netflow.tcp_control_bits": 26, "source.packets": 14, "source.bytes": 5946})},
	{"ipfix", 13, 6, kv{"source.packets": 13, "source.bytes": 2608}},
	{"netflow9_test_cisco_asa_2_data", 19, 18, merge(flow5("192.168.0.1", 56651, "192.168.0.18", 80, 6), kv{"netflow.flow_id": 742820223, "observer.ingress.interface.id": "3", "observer.egress.interface.id": "4", "netflow.firewall_event": 2, "netflow.fw_ext_event": 2030, "source.bytes": 69, "destination.bytes": 14178, "event.end": "2016-07-21T13:50:36.495Z"})},
	{"ipfix_test_openbsd_pflow_data", 26, 25, merge(flow5("192.168.0.1", 80, "192.168.0.17", 64026, 6), kv{"source.packets": 8, "source.bytes": 6425, "observer.ingress.interface.id": "1", "observer.egress.interface.id": "1"})},
	{"netflow9_test_iptnetflow_reduced_size_encoding_tpldata260", 12, 11, merge(flow5("2.17.140.47", 443, "10.233.150.21", 38164, 6), kv{"netflow.tcp_control_bits": 25, "source.packets": 3, "source.bytes": 187, "source.mac": "90-E2-BA-23-09-FC", "destination.mac": "00-1B-21-BC-24-DD", "netflow.ip_next_hop_ipv4_address": "10.232.5.1", "netflow.ingress_physical_interface": 7, "netflow.egress_physical_interface": 8, "netflow.tcp_options": 2164260864, "netflow.ethernet_type": 2048})},
	{"netflow9_test_h3c_data3281", 16, 15, kv{"source.ip": "10.22.166.36", "destination.ip": "10.21.75.38", "network.iana_number": 6, "source.port": 0, "destination.port": 0, "source.packets": 9, "source.bytes": 5092, "netflow.ip_next_hop_ipv4_address": "10.21.17.78", "observer.ingress.interface.id": "2662", "observer.egress.interface.id": "1743"}},
	{"netflow9_test_unknown_tpl266_292_data", 2, 0, merge(flow5("192.168.0.3", 137, "192.168.0.2", 137, 17), kv{"source.packets": 1, "source.bytes": 78, "event.start": "2017-12-01T17:04:26Z", "netflow.sampler_id": 1, "observer.ingress.interface.id": "13"})},
	{"netflow9_test_unknown_tpl266_292_data", 2, 1, merge(flow5("192.168.0.4", 58130, "192.168.0.5", 6343, 17), kv{"source.packets": 1, "source.bytes": 232, "netflow.flow_direction": 1, "observer.egress.interface.id": "13"})},
	{"netflow9_test_paloalto_81_data257_1flowset_in_large_zerofilled_packet", 1, 0, merge(flow5("134.220.2.6", 88, "134.220.1.156", 50234, 6), kv{"netflow.tcp_control_bits": 94, "source.packets": 3, "source.bytes": 363, "netflow.palo_alto_app_id": "kerberos", "netflow.palo_alto_user_id": "unknown", "netflow.flow_id": 1428388, "netflow.firewall_event": 2, "netflow.private_enterprise_number": 25461})},
	{"netflow9_test_h3c_netstream_varstring_data3281", 1, 0, merge(flow5("20.20.20.20", 137, "20.20.255.255", 137, 17), kv{"source.packets": 9, "source.bytes": 702, "netflow.vr_fname": "", "observer.ingress.interface.id": "17"})},
	{"netflow9_test_fortigate_fortios_542_appid_data258_262", 17, 0, merge(flow5("192.168.100.151", 45380, "182.50.136.239", 80, 6), kv{"source.packets": 6, "source.bytes": 748, "source.nat.ip": "10.0.0.250", "source.nat.port": 45380, "netflow.flow_end_reason": 3})},
	{"ipfix_test_ixia_tpldata256", 1, 0, merge(flow5("119.103.128.175", 51695, "202.170.60.247", 36197, 17), kv{"source.packets": 4, "source.bytes": 360, "netflow.bgp_source_as_number": 4134, "netflow.bgp_destination_as_number": 24090, "netflow.flow_end_reason": 1})},
	{"ipfix_test_juniper_mx240_junos151r6s3_data512", 1, 0, kv{"netflow.type": "netflow_options", "netflow.exporter_ipv4_address": "10.0.0.1", "netflow.exporter_ipv6_address": "::", "netflow.sampling_interval": 1000, "netflow.flow_active_timeout": 60, "netflow.flow_idle_timeout": 60, "netflow.exported_message_total_count": 76, "netflow.exported_flow_record_total_count": 76, "netflow.system_init_time_milliseconds": "2010-01-06T07:06:38Z", "netflow.exporting_process_id": 2, "netflow.export_protocol_version": 10, "netflow.export_transport_protocol": 17}},
	{"ipfix_test_nokia_bras_data256", 1, 0, merge(flow5("10.0.1.228", 5878, "10.0.0.34", 80, 6), kv{"netflow.nat_sub_string": "USER1@10.10.0.123", "netflow.nat_inside_svcid": 100, "netflow.nat_outside_svcid": 0, "netflow.flow_id": 3389049088, "event.start": "2017-12-14T07:23:45.148Z"})},
	{"ipfix_test_procera_data52935", 8, 7, merge(flow5("138.44.161.14", 33689, "138.44.161.13", 179, 6), kv{"netflow.bgp_source_as_number": 7575, "netflow.bgp_destination_as_number": 7575, "netflow.source_ipv6_address": "::", "network.type": "ipv4"})},
	{"ipfix_test_barracuda_extended_uniflow_data256", 2, 1, merge(flow5("64.235.151.76", 443, "10.236.5.4", 51917, 6), kv{"netflow.firewall_event": 1, "observer.ingress.interface.id": "3689", "observer.egress.interface.id": "35233"})},
	{"ipfix_test_barracuda_data256", 8, 7, merge(flow5("10.98.243.20", 53, "10.99.168.140", 50294, 17), kv{"source.packets": 1, "source.bytes": 113, "netflow.firewall_event": 2, "netflow.flow_duration_milliseconds": 20368, "observer.ingress.interface.id": "41874", "observer.egress.interface.id": "48660"})},
	{"netflow9_test_ubnt_edgerouter_data1025", 16, 15, merge(flow5("192.168.1.102", 47690, "10.2.0.95", 443, 6), kv{"netflow.tcp_control_bits": 27, "source.packets": 21, "source.bytes": 3668, "observer.ingress.interface.id": "2", "observer.egress.interface.id": "4", "netflow.flow_direction": 1})},
	{"netflow9_test_ubnt_edgerouter_data1025", 16, 0, kv{"source.ip": "10.1.0.135"}},
	{"netflow9_test_fortigate_fortios_521_data257", 2, 0, kv{"netflow.type": "netflow_options", "netflow.exported_octet_total_count": 6871319015, "netflow.exported_message_total_count": 11920854, "netflow.exported_flow_record_total_count": 107864, "netflow.flow_active_timeout": 1800, "netflow.flow_idle_timeout": 15, "netflow.sampling_algorithm": 1, "netflow.sampling_interval": 1, "netflow.scope_system": 1}},
	{"netflow9_test_fortigate_fortios_521_data257", 2, 1, merge(flow5("192.168.99.7", 61910, "31.13.87.36", 443, 6), kv{"source.packets": 3, "source.bytes": 152, "observer.ingress.interface.id": "9", "observer.egress.interface.id": "3"})},
	{"netflow9_test_streamcore_tpl_data260", 4, 0, merge(flow5("100.78.40.201", 8080, "10.231.128.150", 50073, 6), kv{"netflow.tcp_control_bits": 19, "netflow.ip_class_of_service": 40, "source.packets": 3, "source.bytes": 128})},
	{"netflow9_test_streamcore_tpl_data260", 4, 3, merge(flow5("10.27.8.20", 53483, "100.78.40.201", 8080, 6), kv{"source.packets": 11, "source.bytes": 3052})},
	{"ipfix_test_mikrotik_data259", 46, 0, merge(flow5("10.10.8.197", 123, "192.168.128.17", 123, 17), kv{"source.packets": 2, "source.bytes": 152, "source.nat.ip": "192.168.230.216", "destination.nat.ip": "192.168.128.17", "netflow.ip_next_hop_ipv4_address": "192.168.224.1", "observer.ingress.interface.id": "13", "observer.egress.interface.id": "7", "netflow.flow_start_sys_up_time": 2666794170})},
	{"ipfix_test_mikrotik_data259", 46, 45, kv{"source.ip": "fe80::ff:fe00:1201", "source.port": 5678, "destination.ip": "fe80::ff:fe00:1201", "destination.port": 5678, "network.iana_number": 17, "network.type": "ipv6", "source.packets": 2, "source.bytes": 370, "netflow.ip_next_hop_ipv6_address": "ff02::1", "observer.ingress.interface.id": "17"}},
	{"ipfix_test_netscaler_data", 3, 0, kv{"netflow.netscaler_connection_id": 14460661, "netflow.flow_end_microseconds": "2016-11-11T12:09:19.000127768Z", "source.ip": "192.168.0.1", "destination.ip": "10.0.0.1"}},
	{"ipfix_test_netscaler_data", 3, 1, kv{"netflow.flow_id": 14460662, "netflow.observation_point_id": 167954698, "netflow.netscaler_flow_flags": 1157636096, "netflow.netscaler_round_trip_time": 83}},
	{"ipfix_test_netscaler_data", 3, 2, kv{"source.ip": "192.168.0.1", "source.port": 51053, "destination.ip": "10.0.0.1", "destination.port": 443, "source.packets": 2, "source.bytes": 1541, "netflow.netscaler_http_req_url": "/aa/bb/ccccc/ddddddddddddddddddddddddd"}},
	{"ipfix_test_vmware_vds_data266_267", 5, 0, merge(flow5("172.18.65.21", 61209, "172.18.65.211", 5985, 6), kv{"netflow.tcp_control_bits": 2, "source.packets": 2, "source.bytes": 100, "observer.ingress.interface.id": "3", "observer.egress.interface.id": "11", "netflow.maximum_ttl": 128, "netflow.flow_direction": 1, "netflow.flow_end_reason": 1})},
	{"ipfix_test_vmware_vds_data266_267", 5, 4, merge(flow5("fe80::5187:5cd8:d750:cdc9", 61329, "ff02::1:3", 5355, 17), kv{"source.packets": 2, "source.bytes": 144})},
	{"netflow9_test_juniper_srx_tplopt", 1, 0, kv{"netflow.type": "netflow_options", "netflow.sampling_algorithm": 2, "netflow.sampling_interval": 1}},
	{"netflow9_test_0length_fields_tpl_data", 10, 9, kv{"source.ip": "192.168.1.33", "destination.ip": "239.255.255.250", "network.iana_number": 2, "source.packets": 1, "source.bytes": 32, "netflow.post_packet_delta_count": 1, "netflow.post_octet_delta_count": 32, "netflow.engine_id": 1, "observer.ingress.interface.id": "2", "observer.egress.interface.id": "3", "netflow.flow_direction": 1}},
	{"netflow9_test_cisco_asr9k_data256", 19, 18, kv{"netflow.type": "netflow_options", "netflow.scope_system": 3250896451, "netflow.ingress_interface": 104, "netflow.interface_description": "TenGigE0_6_0_2"}},
	{"netflow9_test_cisco_asr9k_data260", 21, 20, merge(flow5("10.0.29.46", 443, "10.0.15.38", 52364, 6), kv{"netflow.tcp_control_bits": 18, "source.packets": 2, "source.bytes": 112, "netflow.bgp_source_as_number": 15169, "netflow.bgp_destination_as_number": 64498, "observer.ingress.interface.id": "75", "observer.egress.interface.id": "158", "netflow.bgp_next_hop_ipv4_address": "10.0.14.27", "netflow.ingress_vrfid": 1610612736, "netflow.egress_vrfid": 1610612736, "netflow.flow_direction": 1})},
	{"netflow9_test_cisco_nbar_opttpl260", 15, 14, kv{"netflow.type": "netflow_options", "netflow.application_name": "argus", "netflow.application_description": "ARGUS", "netflow.scope_system": 168755571}},
	{"netflow9_test_cisco_nbar_data262", 5, 4, merge(flow5("10.10.172.60", 45269, "10.30.19.180", 161, 17), kv{"source.packets": 36, "source.bytes": 2794, "source.mac": "00-18-19-9E-6C-01", "destination.mac": "1C-DF-0F-7E-C3-58"})},
	{"netflow9_test_cisco_wlc_data261", 19, 18, kv{"netflow.wlan_ssid": "Test-env", "netflow.sta_mac_address": "34-02-86-75-C0-51", "netflow.wtp_mac_address": "00-F6-63-CC-80-60", "netflow.sta_ipv4_address": "192.168.20.121", "source.packets": 53362, "source.bytes": 80973880, "netflow.flow_direction": 1}},
	{"ipfix_test_viptela_data257", 1, 0, merge(flow5("10.113.7.54", 41717, "172.16.21.27", 443, 6), kv{"netflow.tcp_control_bits": 16, "source.packets": 8, "source.bytes": 775, "netflow.viptela_vpn_id": 100, "netflow.ip_diff_serv_code_point": 12, "netflow.ip_class_of_service": 48, "netflow.ip_next_hop_ipv4_address": "10.0.0.1", "netflow.minimum_ip_total_length": 70, "netflow.maximum_ip_total_length": 277, "observer.ingress.interface.id": "11", "observer.egress.interface.id": "3", "netflow.flow_end_reason": 3})},
	{"ipfix_test_yaf_data53248", 3, 0, merge(flow5("172.16.32.201", 46086, "172.16.32.100", 53, 17), kv{"netflow.silk_app_label": 53, "source.packets": 2, "source.bytes": 132, "destination.packets": 2, "destination.bytes": 200, "netflow.reverse_flow_delta_milliseconds": 1, "netflow.flow_end_reason": 1})},
	{"ipfix_test_yaf_data53248", 3, 1, merge(flow5("172.16.32.100", 63499, "172.16.32.215", 9997, 6), kv{"netflow.initial_tcp_flags": 194, "netflow.union_tcp_flags": 17, "netflow.tcp_sequence_number": 340533701, "netflow.reverse_tcp_sequence_number": 3788795034, "source.packets": 4, "source.bytes": 172, "destination.packets": 2, "destination.bytes": 92})},
	{"ipfix_test_yaf_data53248", 3, 2, kv{"netflow.type": "netflow_options", "netflow.exporter_ipv4_address": "172.16.32.201", "netflow.flow_table_peak_count": 58, "netflow.packet_total_count": 1960, "netflow.exported_flow_record_total_count": 31, "netflow.ignored_packet_total_count": 58, "netflow.mean_packet_rate": 6}},
	{"goflow2_nfv9_data260", 21, 0, merge(flow5("198.38.120.222", 443, "88.121.217.208", 15184, 6), kv{"source.packets": 1, "source.bytes": 1500, "observer.ingress.interface.id": "354", "observer.egress.interface.id": "304", "netflow.bgp_next_hop_ipv4_address": "252.223.0.0", "netflow.source_ipv4_prefix_length": 24, "netflow.destination_ipv4_prefix_length": 14, "netflow.tcp_control_bits": 16, "netflow.forwarding_status": 64, "netflow.sampler_id": 1, "netflow.ingress_vrfid": 0x60000002, "netflow.egress_vrfid": 0x60000000})},
	{"100-IPFIXv10-CISCO", 12, 0, merge(flow5("10.231.65.56", 17000, "10.192.12.213", 17000, 17), kv{"netflow.ip_class_of_service": 184, "observer.ingress.interface.id": "995", "observer.egress.interface.id": "841", "source.packets": 2, "source.bytes": 220})},
	{"101-NFv9-CISCO-cust_primitives", 51, 0, merge(flow5("138.187.58.13", 10000, "138.187.57.33", 58779, 6), kv{"observer.ingress.interface.id": "143", "observer.egress.interface.id": "142", "netflow.ingress_vrfid": 1610612736})},
	{"102-NFv9-CISCO-f2rd-pretag-sampling-reload", 35, 0, merge(flow5("213.3.216.138", 44187, "213.3.216.137", 179, 6), kv{"netflow.ip_class_of_service": 192, "observer.ingress.interface.id": "203", "netflow.source_ipv4_prefix_length": 32})},
	{"104-IPFIXv10-IPv6-CISCO-sampling_option", 4, 1, kv{"source.ip": "fe80::fa53:29ff:fe3a:3152", "destination.ip": "fe80::ea5c:aff:fe3b:fc00", "network.iana_number": 58, "observer.ingress.interface.id": "42", "netflow.ip_class_of_service": 192, "netflow.sampling_interval": 256}},
}

// flatRecords lists the log records in decode order.
func flatRecords(logs plog.Logs) []plog.LogRecord {
	var out []plog.LogRecord
	for _, rl := range logs.ResourceLogs().All() {
		for _, sl := range rl.ScopeLogs().All() {
			for _, lr := range sl.LogRecords().All() {
				out = append(out, lr)
			}
		}
	}
	return out
}

func TestCaptureExpectations(t *testing.T) {
	byName := map[string]replay{}
	for _, r := range allReplays(t) {
		byName[r.name] = r
	}
	for _, e := range expectations {
		t.Run(fmt.Sprintf("%s#%d", e.replay, e.idx), func(t *testing.T) {
			r, ok := byName[e.replay]
			require.True(t, ok, "no replay %s", e.replay)
			logs, _, _ := decodeReplay(t, testConfig(), r)
			recs := flatRecords(logs)
			if e.total > 0 {
				assert.Len(t, recs, e.total)
			}
			require.Less(t, e.idx, len(recs))
			attrs := recs[e.idx].Attributes()
			for k, want := range e.want {
				v, ok := attrs.Get(k)
				if assert.True(t, ok, "missing %s", k) {
					assert.Equal(t, fmt.Sprint(want), fmt.Sprint(v.AsRaw()), k)
				}
			}
		})
	}
}

// TestPmacctTotals checks the packet and byte totals nfacctd reports for the pmacct captures
// (reference/<test>/output-flow-00.json); test 104 is renormalised by its sampler's options.
func TestPmacctTotals(t *testing.T) {
	cases := []struct {
		replay          string
		scale           bool
		records         int
		packets, octets int64
	}{
		{"100-IPFIXv10-CISCO", false, 12, 34, 34172},
		{"101-NFv9-CISCO-cust_primitives", false, 51, 56, 4500},
		{"102-NFv9-CISCO-f2rd-pretag-sampling-reload", false, 35, 107, 7594},
		{"104-IPFIXv10-IPv6-CISCO-sampling_option", false, 3, 121, 10632},
		{"104-IPFIXv10-IPv6-CISCO-sampling_option", true, 3, 30976, 2721792},
		{"111-IPFIXv10-NFv9-IPv6-IPv4-mix_sources", false, 13, 16, 9820},
	}
	byName := map[string]replay{}
	for _, r := range allReplays(t) {
		byName[r.name] = r
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s/scale=%v", c.replay, c.scale), func(t *testing.T) {
			cfg := testConfig()
			cfg.ScaleBySampling = c.scale
			logs, _, _ := decodeReplay(t, cfg, byName[c.replay])
			var n int
			var pkts, octets int64
			for _, lr := range flatRecords(logs) {
				if v, ok := lr.Attributes().Get("netflow.type"); !ok || v.Str() != "netflow_flow" {
					continue
				}
				n++
				p, _ := lr.Attributes().Get("network.packets")
				o, _ := lr.Attributes().Get("network.bytes")
				pkts += p.Int()
				octets += o.Int()
			}
			assert.Equal(t, c.records, n)
			assert.Equal(t, c.packets, pkts)
			assert.Equal(t, c.octets, octets)
		})
	}
}
