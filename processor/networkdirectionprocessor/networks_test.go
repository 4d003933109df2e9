// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package networkdirectionprocessor

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestLocality pins Filebeat's rules: internal_networks plus the addresses it
// always counts internal (loopback, unspecified, broadcast, link-local).
func TestLocality(t *testing.T) {
	check := func(networks []string, ip, want string) {
		t.Helper()
		n := newInternalNetworks(networks)
		assert.Equal(t, want, n.locality(netip.MustParseAddr(ip)), "%v %s", networks, ip)
	}

	// Under [private], the addresses of each locality.
	for want, ips := range map[string][]string{
		localityInternal: {
			"10.0.0.1", "172.31.255.255", "192.168.1.1", "fd12::1",
			// always: loopback, unspecified, broadcast, link-local, link-local
			// multicast, interface-local multicast
			"127.0.0.1", "::1", "0.0.0.0", "255.255.255.255", "169.254.1.1", "fe80::1", "224.0.0.5", "ff01::1",
		},
		localityExternal: {
			"172.32.0.1", "8.8.8.8", "2001:db8::1", "239.1.1.1",
			"fc00::1",    // Filebeat's private IPv6 set is fd00::/8
			"100.64.0.1", // CGNAT is not in Filebeat's private set
		},
	} {
		for _, ip := range ips {
			check([]string{"private"}, ip, want)
		}
	}

	// Other named sets, CIDRs and the empty list.
	tests := []struct {
		networks []string
		ip       string
		want     string
	}{
		{[]string{"multicast"}, "239.1.1.1", localityInternal},
		{[]string{"public"}, "8.8.8.8", localityInternal},
		{[]string{"public"}, "10.0.0.1", localityExternal},
		{[]string{"unicast"}, "10.0.0.1", localityInternal},
		{[]string{"global_unicast"}, "8.8.8.8", localityInternal},
		{[]string{"192.0.2.0/24"}, "192.0.2.77", localityInternal},
		{[]string{"192.0.2.0/24"}, "10.0.0.1", localityExternal},
		{[]string{"192.0.2.9/24"}, "192.0.2.77", localityInternal}, // host bits ignored, as net.ParseCIDR does
		{[]string{"::ffff:10.0.0.0/104"}, "10.1.2.3", localityInternal},
		{[]string{"2001:db8::/32"}, "2001:db8::1", localityInternal},
		{[]string{}, "10.0.0.1", localityExternal},
	}
	for _, tt := range tests {
		check(tt.networks, tt.ip, tt.want)
	}
}

func TestDirection(t *testing.T) {
	assert.Equal(t, "outbound", direction(localityInternal, localityExternal))
	assert.Equal(t, "inbound", direction(localityExternal, localityInternal))
	assert.Equal(t, "internal", direction(localityInternal, localityInternal))
	assert.Equal(t, "external", direction(localityExternal, localityExternal))
}
