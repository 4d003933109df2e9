// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package namecache

import (
	"net/netip"
	"testing"
)

func addrN(i int) netip.Addr {
	return netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)})
}

func TestGetPutExpiry(t *testing.T) {
	c := New(10)
	a := netip.MustParseAddr("192.0.2.1")
	if _, st := c.Get(a, 0); st != Miss {
		t.Fatalf("empty cache: state %v, want Miss", st)
	}
	c.Put(a, "host.example", Found, 100)
	if name, st := c.Get(a, 99); st != Found || name != "host.example" {
		t.Fatalf("before expiry: %q %v", name, st)
	}
	if _, st := c.Get(a, 100); st != Miss {
		t.Fatalf("at expiry: state %v, want Miss", st)
	}
	c.Put(a, "", Negative, 200)
	if _, st := c.Get(a, 150); st != Negative {
		t.Fatalf("negative entry: state %v", st)
	}
	if c.Len() != 1 {
		t.Fatalf("Len = %d after overwriting one address, want 1", c.Len())
	}
}

func TestBoundedSize(t *testing.T) {
	for _, size := range []int{1, 7, 1000, 5000} {
		c := New(size)
		for i := range size * 3 {
			c.Put(addrN(i), "n", Found, 1<<62)
		}
		if got := c.Len(); got != size {
			t.Errorf("size %d: Len = %d after %d puts", size, got, size*3)
		}
	}
}

// TestClockKeepsReadEntries checks the CLOCK policy: an entry read since
// the hand last passed survives an eviction that an unread one does not.
func TestClockKeepsReadEntries(t *testing.T) {
	c := New(4)
	for i := range 4 {
		c.Put(addrN(i), "n", Found, 1<<62)
	}
	c.Get(addrN(0), 1) // hot
	c.Put(addrN(100), "n", Found, 1<<62)
	if _, st := c.Get(addrN(0), 1); st != Found {
		t.Fatal("recently read entry was evicted")
	}
	if _, st := c.Get(addrN(1), 1); st != Miss {
		t.Fatal("the unread entry after the hot one should have been evicted")
	}
}

func TestExpiredEvictedFirst(t *testing.T) {
	c := New(3)
	c.Put(addrN(0), "n", Found, 1<<62)
	c.Put(addrN(1), "n", Found, 10) // will expire
	c.Put(addrN(2), "n", Found, 1<<62)
	for i := range 3 {
		c.Get(addrN(i), 5) // all referenced
	}
	c.Get(addrN(0), 20) // time passes; addrN(1) expired
	c.Put(addrN(3), "n", Found, 1<<62)
	for _, i := range []int{0, 2, 3} {
		if _, st := c.Get(addrN(i), 21); st != Found {
			t.Errorf("entry %d evicted, expected the expired entry to go", i)
		}
	}
}

func TestGetDoesNotAllocate(t *testing.T) {
	c := New(100000)
	a := netip.MustParseAddr("2001:db8::1")
	c.Put(a, "v6.example", Found, 1<<62)
	allocs := testing.AllocsPerRun(1000, func() { c.Get(a, 1) })
	if allocs != 0 {
		t.Fatalf("Get allocates %v times", allocs)
	}
}

func BenchmarkGetHit(b *testing.B) {
	c := New(100000)
	addrs := make([]netip.Addr, 1024)
	for i := range addrs {
		addrs[i] = addrN(i)
		c.Put(addrs[i], "n", Found, 1<<62)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		c.Get(addrs[i&1023], 1)
	}
}
