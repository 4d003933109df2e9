// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package names

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestProtocol(t *testing.T) {
	tests := []struct {
		n                  uint8
		lower, upper, iana string
	}{
		{6, "tcp", "TCP", "TCP"},
		{17, "udp", "UDP", "UDP"},
		{1, "icmp", "ICMP", "ICMP"},
		{47, "gre", "GRE", "GRE"},
		{50, "esp", "ESP", "ESP"},
		{58, "ipv6-icmp", "IPV6-ICMP", "IPv6-ICMP"},
		{0, "hopopt", "HOPOPT", "HOPOPT"},
		{13, "argus", "ARGUS", "ARGUS"},                             // "(deprecated)" dropped
		{84, "ttp", "TTP", "TTP"},                                   // listed twice, first kept
		{124, "isis-over-ipv4", "ISIS-OVER-IPV4", "ISIS-over-IPv4"}, // spaces hyphenated
		{135, "mobility-header", "MOBILITY-HEADER", "Mobility-Header"},
		{138, "manet", "MANET", "manet"},
		{143, "ethernet", "ETHERNET", "Ethernet"},
		{61, "", "", ""},  // "any host internal protocol": no keyword
		{150, "", "", ""}, // unassigned
		{253, "", "", ""}, // experimentation
		{255, "", "", ""}, // reserved
	}
	for _, tt := range tests {
		assert.Equal(t, tt.lower, Protocol(tt.n, Lower), "lower %d", tt.n)
		assert.Equal(t, tt.upper, Protocol(tt.n, Upper), "upper %d", tt.n)
		assert.Equal(t, tt.iana, Protocol(tt.n, IANA), "iana %d", tt.n)
	}
}

func TestProtocolTableCoverage(t *testing.T) {
	named := 0
	for n := range 256 {
		if Protocol(uint8(n), Lower) != "" {
			named++
		}
	}
	// 0-143 assigned, minus the 5 keyword-less placeholders (61 63 68 99 114).
	assert.Equal(t, 144-5, named)
}

func TestTCPFlags(t *testing.T) {
	assert.Equal(t, "", TCPFlagString(0))
	assert.Equal(t, "syn", TCPFlagString(0x02))
	assert.Equal(t, "syn,ack", TCPFlagString(0x12))
	assert.Equal(t, "fin,syn,rst,psh,ack,urg,ece,cwr,ns", TCPFlagString(0x1ff))
	assert.Equal(t, "fin", TCPFlagString(0xf001), "data offset nibble and reserved bits ignored")
	assert.Equal(t, "ns", TCPFlag(8))
	assert.Equal(t, "", TCPFlag(9))
	assert.Equal(t, "", TCPFlag(-1))
}

func TestICMP(t *testing.T) {
	tests := []struct {
		v              ICMPVersion
		typ, code      uint8
		typeName, name string
		named          bool
	}{
		{ICMPv4, 8, 0, "echo-request", "", false},
		{ICMPv4, 0, 0, "echo-reply", "", false},
		{ICMPv4, 3, 3, "destination-unreachable", "port-unreachable", true},
		{ICMPv4, 3, 13, "destination-unreachable", "communication-prohibited", true},
		{ICMPv4, 3, 16, "destination-unreachable", "", true}, // unknown code
		{ICMPv4, 11, 0, "time-exceeded", "ttl-zero-during-transit", true},
		{ICMPv4, 9, 16, "router-advertisement", "does-not-route-common-traffic", true},
		{ICMPv4, 9, 5, "router-advertisement", "", true},
		{ICMPv4, 128, 0, "", "", false}, // v6 echo-request number is unassigned in v4
		{ICMPv6, 128, 0, "echo-request", "", false},
		{ICMPv6, 1, 4, "destination-unreachable", "port-unreachable", true},
		{ICMPv6, 3, 0, "time-exceeded", "hop-limit-exceeded", true},
		{ICMPv6, 138, 255, "router-renumbering", "sequence-number-reset", true},
		{ICMPv6, 161, 2, "extended-echo-reply", "no-such-interface", true},
		{ICMPv6, 8, 0, "", "", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.typeName, ICMPType(tt.v, tt.typ), "type %d/%d", tt.v, tt.typ)
		name, named := ICMPCode(tt.v, tt.typ, tt.code)
		assert.Equal(t, tt.name, name, "code %d/%d/%d", tt.v, tt.typ, tt.code)
		assert.Equal(t, tt.named, named, "named %d/%d/%d", tt.v, tt.typ, tt.code)
	}
}

func TestService(t *testing.T) {
	assert.Equal(t, "https", Service(TCP, 443))
	assert.Equal(t, "domain", Service(UDP, 53))
	assert.Equal(t, "ms-wbt-server", Service(TCP, 3389))
	assert.Equal(t, "syslog", Service(UDP, 514))
	assert.Equal(t, "shell", Service(TCP, 514))
	assert.Equal(t, "", Service(TCP, 123), "ntp is UDP only in the table")
	assert.Equal(t, "", Service(132, 80), "no SCTP table")
	assert.True(t, HasPorts(TCP))
	assert.False(t, HasPorts(1))
}

func TestLookupsDoNotAllocate(t *testing.T) {
	allocs := testing.AllocsPerRun(100, func() {
		_ = Protocol(58, IANA)
		_ = TCPFlagString(0x12)
		_ = ICMPType(ICMPv6, 135)
		_, _ = ICMPCode(ICMPv4, 3, 3)
		_ = Service(TCP, 443)
	})
	assert.Zero(t, allocs)
}

// TestServicesTable checks that the embedded table reads whole and that a
// malformed line is an error naming it.
func TestServicesTable(t *testing.T) {
	m, err := parseServices(servicesTxt)
	if err != nil {
		t.Fatal(err)
	}
	if len(m) != 78 {
		t.Errorf("services.txt has %d entries, want 78 (46 TCP, 32 UDP)", len(m))
	}
	for _, bad := range []string{"ssh 22", "ssh 22/sctp", "ssh x/tcp", "ssh 70000/tcp", "a b 22/tcp"} {
		if _, err := parseServices("# header\n" + bad + "\n"); err == nil || !strings.Contains(err.Error(), "line 2") {
			t.Errorf("%q: error %v, want one naming line 2", bad, err)
		}
	}
}
