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
	tests := []struct {
		networks []string
		ip       string
		want     string
	}{
		{[]string{"private"}, "10.0.0.1", localityInternal},
		{[]string{"private"}, "172.31.255.255", localityInternal},
		{[]string{"private"}, "172.32.0.1", localityExternal},
		{[]string{"private"}, "192.168.1.1", localityInternal},
		{[]string{"private"}, "8.8.8.8", localityExternal},
		{[]string{"private"}, "fd12::1", localityInternal},
		{[]string{"private"}, "fc00::1", localityExternal}, // Filebeat's private IPv6 set is fd00::/8
		{[]string{"private"}, "2001:db8::1", localityExternal},
		{[]string{"private"}, "127.0.0.1", localityInternal},       // always: loopback
		{[]string{"private"}, "::1", localityInternal},             // always: loopback
		{[]string{"private"}, "0.0.0.0", localityInternal},         // always: unspecified
		{[]string{"private"}, "255.255.255.255", localityInternal}, // always: broadcast
		{[]string{"private"}, "169.254.1.1", localityInternal},     // always: link-local
		{[]string{"private"}, "fe80::1", localityInternal},         // always: link-local
		{[]string{"private"}, "224.0.0.5", localityInternal},       // always: link-local multicast
		{[]string{"private"}, "ff01::1", localityInternal},         // always: interface-local multicast
		{[]string{"private"}, "239.1.1.1", localityExternal},
		{[]string{"private"}, "100.64.0.1", localityExternal}, // CGNAT is not in Filebeat's private set
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
		n := newInternalNetworks(tt.networks)
		assert.Equal(t, tt.want, n.locality(netip.MustParseAddr(tt.ip)), "%v %s", tt.networks, tt.ip)
	}
}

func TestDirection(t *testing.T) {
	assert.Equal(t, "outbound", direction(localityInternal, localityExternal))
	assert.Equal(t, "inbound", direction(localityExternal, localityInternal))
	assert.Equal(t, "internal", direction(localityInternal, localityInternal))
	assert.Equal(t, "external", direction(localityExternal, localityExternal))
}
