// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package protocolnameprocessor

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

// recordCase runs one record through a processor built from the default
// config changed by cfg, and compares all of the record's attributes.
type recordCase struct {
	name string
	cfg  func(*Config)
	in   map[string]any
	want map[string]any
}

func runRecordCases(t *testing.T, tests []recordCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := createDefaultConfig().(*Config)
			if tt.cfg != nil {
				tt.cfg(cfg)
			}
			require.NoError(t, cfg.Validate())
			got := processOne(t, cfg, tt.in)
			assert.Equal(t, tt.want, got)
		})
	}
}

func processOne(t *testing.T, cfg *Config, in map[string]any) map[string]any {
	t.Helper()
	sink := new(consumertest.LogsSink)
	p := testutil.NewLogsProcessor(t, NewFactory(), cfg, sink)
	ld := plog.NewLogs()
	lr := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords().AppendEmpty()
	require.NoError(t, lr.Attributes().FromRaw(in))
	require.NoError(t, p.ConsumeLogs(context.Background(), ld))
	require.NoError(t, p.Shutdown(context.Background()))
	require.Len(t, sink.AllLogs(), 1)
	return sink.AllLogs()[0].ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0).Attributes().AsRaw()
}

func onlyProtocol(c *Config) { c.TCPFlags.Enabled, c.ICMP.Enabled = false, false }

func TestProtocolMapping(t *testing.T) {
	const num, tr = "network.iana_number", "network.transport"
	runRecordCases(t, []recordCase{
		{name: "tcp", in: map[string]any{num: 6}, want: map[string]any{num: int64(6), tr: "tcp"}},
		{name: "udp as string", in: map[string]any{num: " 17"}, want: map[string]any{num: " 17", tr: "udp"}},
		{name: "integral double", in: map[string]any{num: 47.0}, want: map[string]any{num: 47.0, tr: "gre"}},
		{name: "esp", in: map[string]any{num: 50}, want: map[string]any{num: int64(50), tr: "esp"}},
		{name: "ipv6-icmp lower", cfg: onlyProtocol, in: map[string]any{num: 58}, want: map[string]any{num: int64(58), tr: "ipv6-icmp"}},
		{
			name: "seed form", cfg: func(c *Config) { onlyProtocol(c); c.Protocol.Case = CaseIANA },
			in: map[string]any{num: 58}, want: map[string]any{num: int64(58), tr: "IPv6-ICMP"},
		},
		{
			name: "upper", cfg: func(c *Config) { c.Protocol.Case = CaseUpper },
			in: map[string]any{num: 58}, want: map[string]any{num: int64(58), tr: "IPV6-ICMP"},
		},
		{name: "unassigned", in: map[string]any{num: 200}, want: map[string]any{num: int64(200)}},
		{name: "experimental", in: map[string]any{num: 253}, want: map[string]any{num: int64(253)}},
		{name: "out of range", in: map[string]any{num: 300}, want: map[string]any{num: int64(300)}},
		{name: "negative", in: map[string]any{num: -6}, want: map[string]any{num: int64(-6)}},
		{name: "not a number", in: map[string]any{num: "tcp"}, want: map[string]any{num: "tcp"}},
		{name: "fractional", in: map[string]any{num: 6.5}, want: map[string]any{num: 6.5}},
		{name: "wrong type", in: map[string]any{num: true}, want: map[string]any{num: true}},
		{name: "absent", in: map[string]any{"x": 1}, want: map[string]any{"x": int64(1)}},
		{
			name: "existing target kept", in: map[string]any{num: 6, tr: "mine"},
			want: map[string]any{num: int64(6), tr: "mine"},
		},
		{
			name: "override", cfg: func(c *Config) { c.Protocol.Override = true },
			in: map[string]any{num: 6, tr: "mine"}, want: map[string]any{num: int64(6), tr: "tcp"},
		},
		{
			name: "replace in place like the seed", cfg: func(c *Config) { c.Protocol.Target, c.Protocol.Override = num, true },
			in: map[string]any{num: 17}, want: map[string]any{num: "udp"},
		},
		{
			name: "custom keys", cfg: func(c *Config) { c.Protocol.Source, c.Protocol.Target = "proto", "proto_name" },
			in: map[string]any{"proto": "1"}, want: map[string]any{"proto": "1", "proto_name": "icmp"},
		},
	})
}

func TestTCPFlagsMapping(t *testing.T) {
	const bits, flags = "netflow.tcp_control_bits", "network.tcp_flags"
	runRecordCases(t, []recordCase{
		{name: "syn ack", in: map[string]any{bits: 0x12}, want: map[string]any{bits: int64(0x12), flags: []any{"syn", "ack"}}},
		{
			name: "all nine", in: map[string]any{bits: 0x1ff},
			want: map[string]any{bits: int64(0x1ff), flags: []any{"fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr", "ns"}},
		},
		{name: "data offset ignored", in: map[string]any{bits: 0x5011}, want: map[string]any{bits: int64(0x5011), flags: []any{"fin", "ack"}}},
		{name: "zero writes nothing", in: map[string]any{bits: 0}, want: map[string]any{bits: int64(0)}},
		{name: "only reserved bits", in: map[string]any{bits: 0x0e00}, want: map[string]any{bits: int64(0x0e00)}},
		{name: "too large", in: map[string]any{bits: 0x10000}, want: map[string]any{bits: int64(0x10000)}},
		{
			name: "string format", cfg: func(c *Config) { c.TCPFlags.Format = FormatString },
			in: map[string]any{bits: "24"}, want: map[string]any{bits: "24", flags: "psh,ack"},
		},
		{
			name: "existing target kept", in: map[string]any{bits: 2, flags: "S"},
			want: map[string]any{bits: int64(2), flags: "S"},
		},
		{
			name: "override", cfg: func(c *Config) { c.TCPFlags.Override = true },
			in: map[string]any{bits: 2, flags: "S"}, want: map[string]any{bits: int64(2), flags: []any{"syn"}},
		},
	})
}

func TestICMPMapping(t *testing.T) {
	const num, dport = "network.iana_number", "destination.port"
	const tc4, tc6 = "netflow.icmp_type_code_ipv4", "netflow.icmp_type_code_ipv6"
	noProto := func(c *Config) { c.Protocol.Enabled = false }
	icmp := func(typ, code int64, names ...string) map[string]any {
		m := map[string]any{"icmp.type": typ, "icmp.code": code}
		if len(names) > 0 {
			m["icmp.type_name"] = names[0]
		}
		if len(names) > 1 {
			m["icmp.code_name"] = names[1]
		}
		return m
	}
	with := func(a, b map[string]any) map[string]any {
		for k, v := range b {
			a[k] = v
		}
		return a
	}
	runRecordCases(t, []recordCase{
		{
			name: "ipfix type_code v4", cfg: noProto, in: map[string]any{num: 1, tc4: 0x0303},
			want: with(map[string]any{num: int64(1), tc4: int64(0x0303)}, icmp(3, 3, "destination-unreachable", "port-unreachable")),
		},
		{
			name: "v9 destination port echo-request", cfg: noProto, in: map[string]any{num: 1, dport: 0x0800},
			want: with(map[string]any{num: int64(1), dport: int64(0x0800)}, icmp(8, 0, "echo-request")),
		},
		{
			name: "v6 type and code fields", cfg: noProto,
			in: map[string]any{num: 58, "netflow.icmp_type_ipv6": 135, "netflow.icmp_code_ipv6": 0},
			want: with(map[string]any{num: int64(58), "netflow.icmp_type_ipv6": int64(135), "netflow.icmp_code_ipv6": int64(0)},
				icmp(135, 0, "neighbor-solicitation")),
		},
		{
			name: "v6 chosen by protocol over zeroed v4 field", cfg: noProto,
			in:   map[string]any{num: 58, tc4: 0, tc6: 0x0104},
			want: with(map[string]any{num: int64(58), tc4: int64(0), tc6: int64(0x0104)}, icmp(1, 4, "destination-unreachable", "port-unreachable")),
		},
		{
			name: "tcp flow ignores icmp zeros and port", cfg: noProto, in: map[string]any{num: 6, tc4: 0, dport: 443},
			want: map[string]any{num: int64(6), tc4: int64(0), dport: int64(443)},
		},
		{
			name: "no protocol trusts icmp field", cfg: noProto, in: map[string]any{"netflow.icmp_type_ipv4": 8},
			want: map[string]any{"netflow.icmp_type_ipv4": int64(8), "icmp.type": int64(8), "icmp.type_name": "echo-request"},
		},
		{
			name: "no protocol never reads port", cfg: noProto, in: map[string]any{dport: 771},
			want: map[string]any{dport: int64(771)},
		},
		{
			name: "unknown type keeps numbers", cfg: noProto, in: map[string]any{num: 1, dport: 99 << 8},
			want: with(map[string]any{num: int64(1), dport: int64(99 << 8)}, icmp(99, 0)),
		},
		{
			name: "unknown code", cfg: noProto, in: map[string]any{num: 1, dport: 3<<8 | 99},
			want: with(map[string]any{num: int64(1), dport: int64(3<<8 | 99)}, icmp(3, 99, "destination-unreachable")),
		},
		{
			name: "port fallback disabled", cfg: func(c *Config) { noProto(c); c.ICMP.PortSource = "" },
			in: map[string]any{num: 1, dport: 0x0800}, want: map[string]any{num: int64(1), dport: int64(0x0800)},
		},
		{
			name: "existing target kept", cfg: noProto, in: map[string]any{num: 1, dport: 0x0800, "icmp.type_name": "ping"},
			want: map[string]any{num: int64(1), dport: int64(0x0800), "icmp.type": int64(8), "icmp.code": int64(0), "icmp.type_name": "ping"},
		},
		{
			name: "unfilled zero field loses to port", cfg: noProto, in: map[string]any{num: 1, tc4: 0, dport: 0x0b00},
			want: with(map[string]any{num: int64(1), tc4: int64(0), dport: int64(0x0b00)}, icmp(11, 0, "time-exceeded", "ttl-zero-during-transit")),
		},
		{
			name: "zero field and zero port is echo-reply", cfg: noProto, in: map[string]any{num: 1, tc4: 0, dport: 0},
			want: with(map[string]any{num: int64(1), tc4: int64(0), dport: int64(0)}, icmp(0, 0, "echo-reply")),
		},
		{
			name: "non-zero field beats port", cfg: noProto, in: map[string]any{num: 1, tc4: 0x0800, dport: 0x0b00},
			want: with(map[string]any{num: int64(1), tc4: int64(0x0800), dport: int64(0x0b00)}, icmp(8, 0, "echo-request")),
		},
		{
			name: "malformed type_code", cfg: noProto, in: map[string]any{num: 1, tc4: "x"},
			want: map[string]any{num: int64(1), tc4: "x"},
		},
	})
}

func TestServiceMapping(t *testing.T) {
	const num, sport, dport, app = "network.iana_number", "source.port", "destination.port", "network.application"
	on := func(c *Config) {
		c.Protocol.Enabled, c.TCPFlags.Enabled, c.ICMP.Enabled, c.Service.Enabled = false, false, false, true
	}
	flow := func(proto, s, d any) map[string]any { return map[string]any{num: proto, sport: s, dport: d} }
	// raw is what AsRaw gives back: ints come back as int64.
	raw := func(m map[string]any) map[string]any {
		out := make(map[string]any, len(m))
		for k, v := range m {
			if i, ok := v.(int); ok {
				v = int64(i)
			}
			out[k] = v
		}
		return out
	}
	withApp := func(m map[string]any, name string) map[string]any { m[app] = name; return m }
	runRecordCases(t, []recordCase{
		{name: "off by default", in: flow(6, 51000, 443), want: map[string]any{
			num: int64(6), sport: int64(51000), dport: int64(443), "network.transport": "tcp",
		}},
		{name: "client to https", cfg: on, in: flow(6, 51000, 443), want: withApp(raw(flow(6, 51000, 443)), "https")},
		{name: "reply from https", cfg: on, in: flow(6, 443, 51000), want: withApp(raw(flow(6, 443, 51000)), "https")},
		{name: "udp dns", cfg: on, in: flow(17, 53, 53), want: withApp(raw(flow(17, 53, 53)), "domain")},
		{name: "both known lower src wins", cfg: on, in: flow(6, 22, 80), want: withApp(raw(flow(6, 22, 80)), "ssh")},
		{name: "both known lower dst wins", cfg: on, in: flow(6, 3306, 80), want: withApp(raw(flow(6, 3306, 80)), "http")},
		{name: "transport matters", cfg: on, in: flow(6, 50000, 123), want: raw(flow(6, 50000, 123))},
		{name: "string ports", cfg: on, in: flow("17", "40000", "514"), want: withApp(raw(flow("17", "40000", "514")), "syslog")},
		{name: "nothing known", cfg: on, in: flow(6, 40000, 41000), want: raw(flow(6, 40000, 41000))},
		{name: "icmp has no ports", cfg: on, in: flow(1, 0, 2048), want: raw(flow(1, 0, 2048))},
		{name: "only destination port", cfg: on, in: map[string]any{num: 6, dport: 22}, want: map[string]any{num: int64(6), dport: int64(22), app: "ssh"}},
		{
			name: "override", cfg: func(c *Config) { on(c); c.Service.Override = true },
			in: withApp(flow(6, 1, 443), "web"), want: withApp(raw(flow(6, 1, 443)), "https"),
		},
		{name: "existing kept", cfg: on, in: withApp(flow(6, 1, 443), "web"), want: withApp(raw(flow(6, 1, 443)), "web")},
	})
}
