// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geoipprocessor

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-flows/otelcol-flows/internal/ipattr"
)

// located is the address the processor looks up for the attribute text s.
func located(t *testing.T, s string) netip.Addr {
	ip, ok := ipattr.Parse(pcommon.NewValueStr(s))
	require.True(t, ok, s)
	return lookupAddress(ip)
}

func TestIsSpecial(t *testing.T) {
	special := []string{
		"0.1.2.3", "10.0.0.1", "100.64.1.1", "127.0.0.1", "169.254.1.1", "172.16.0.1", "192.0.0.8",
		"192.0.2.1", "192.168.0.1", "198.18.0.1", "198.51.100.1", "203.0.113.1", "224.0.0.1",
		"239.255.255.250", "240.0.0.1", "255.255.255.255",
		"::", "::1", "::1.2.3.4", "100::1", "2001::1", "2001:db8::1", "3fff::1", "5f00::1", "64:ff9b:1::1",
		"fc00::1", "fd12::1", "fe80::1", "fec0::1", "ff02::1", "ff0e::1",
	}
	for _, s := range special {
		assert.True(t, isSpecial(located(t, s)), s)
	}
	public := []string{"1.1.1.1", "8.8.8.8", "81.2.69.160", "100.128.0.1", "172.32.0.1", "2a02:8100::1",
		"2606:4700::1111", "2002:c000:204::1", "::ffff:8.8.8.8", "64:ff9b::808:808"}
	for _, s := range public {
		assert.False(t, isSpecial(located(t, s)), s)
	}
	assert.True(t, isSpecial(located(t, "::ffff:10.0.0.1")), "mapped private")
	assert.True(t, isSpecial(located(t, "64:ff9b::a00:1")), "NAT64 of private")
}
