// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ecsstr

import (
	"net/netip"
	"strconv"
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

// BenchmarkAddrCache looks up addresses drawn from sets of hosts of
// several sizes, as a worker sees its exporters' hosts: the allocations
// per op are the misses.
func BenchmarkAddrCache(b *testing.B) {
	for _, hosts := range []int{1000, 8000, 64000} {
		addrs := make([]netip.Addr, hosts)
		for i := range addrs {
			if i%4 == 3 {
				addrs[i] = netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 12: byte(i >> 16), 13: byte(i >> 8), 15: byte(i)})
			} else {
				addrs[i] = netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)})
			}
		}
		b.Run(strconv.Itoa(hosts)+"hosts", func(b *testing.B) {
			var c AddrCache
			x := uint32(1)
			for b.Loop() {
				x ^= x << 13 // xorshift: a cheap, repeatable draw
				x ^= x >> 17
				x ^= x << 5
				_ = c.Str(addrs[x%uint32(hosts)])
			}
		})
	}
}
