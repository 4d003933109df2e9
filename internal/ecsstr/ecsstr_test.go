// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ecsstr

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCachesFormatAndHit(t *testing.T) {
	var addrs AddrCache
	var macs MACCache
	for _, s := range []string{"192.0.2.1", "2001:db8::1", "192.0.2.1"} {
		assert.Equal(t, s, addrs.Str(netip.MustParseAddr(s)))
	}
	m := [6]byte{0x02, 0, 0xab, 0, 0, 0x0f}
	assert.Equal(t, "02-00-AB-00-00-0F", macs.Str(m))
	assert.Equal(t, 0.0, testing.AllocsPerRun(10, func() {
		_ = addrs.Str(netip.MustParseAddr("192.0.2.1"))
		_ = macs.Str(m)
		_ = ID(4095)
	}), "hits do not allocate")
	assert.Equal(t, "4096", ID(4096))
}
