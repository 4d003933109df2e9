// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipattr

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"go.opentelemetry.io/collector/pdata/pcommon"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name  string
		value pcommon.Value
		want  string // "" when Parse must report false
	}{
		{"ipv4", pcommon.NewValueStr("81.2.69.160"), "81.2.69.160"},
		{"ipv6", pcommon.NewValueStr("2a02:8100::1"), "2a02:8100::1"},
		{"ipv6 not canonical", pcommon.NewValueStr("2A02:8100:0:0::1"), "2a02:8100::1"},
		{"ipv4-mapped", pcommon.NewValueStr("::ffff:81.2.69.160"), "81.2.69.160"},
		{"ipv4-mapped in hex", pcommon.NewValueStr("::ffff:5102:45a0"), "81.2.69.160"},
		{"zone dropped", pcommon.NewValueStr("fe80::1%eth0"), "fe80::1"},
		{"mapped with zone", pcommon.NewValueStr("::ffff:10.0.0.1%eth0"), "10.0.0.1"},
		{"nat64 kept as written", pcommon.NewValueStr("64:ff9b::808:808"), "64:ff9b::808:808"},
		{"unspecified", pcommon.NewValueStr("::"), "::"},
		{"empty", pcommon.NewValueStr(""), ""},
		{"truncated ipv4", pcommon.NewValueStr("1.2.3"), ""},
		{"prefix", pcommon.NewValueStr("81.2.69.160/24"), ""},
		{"with port", pcommon.NewValueStr("81.2.69.160:443"), ""},
		{"ipv4 with zone", pcommon.NewValueStr("1.1.1.1%x"), ""},
		{"leading space", pcommon.NewValueStr(" 81.2.69.160"), ""},
		{"host name", pcommon.NewValueStr("example.com"), ""},
		{"int", pcommon.NewValueInt(0x510245a0), ""},
		{"bytes", bytesValue([]byte{81, 2, 69, 160}), ""},
		{"empty value", pcommon.NewValueEmpty(), ""},
		{"map", pcommon.NewValueMap(), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := Parse(tc.value)
			if tc.want == "" {
				assert.False(t, ok)
				assert.Equal(t, netip.Addr{}, got)
				return
			}
			assert.True(t, ok)
			assert.Equal(t, netip.MustParseAddr(tc.want), got)
		})
	}
}

func bytesValue(b []byte) pcommon.Value {
	v := pcommon.NewValueBytes()
	v.Bytes().FromRaw(b)
	return v
}

// TestParseDoesNotAllocate guards the processors' hot path.
func TestParseDoesNotAllocate(t *testing.T) {
	for _, s := range []string{"81.2.69.160", "2a02:8100::1", "::ffff:81.2.69.160", "fe80::1%eth0"} {
		v := pcommon.NewValueStr(s)
		allocs := testing.AllocsPerRun(100, func() {
			if _, ok := Parse(v); !ok {
				t.Fatalf("%q not parsed", s)
			}
		})
		assert.Zero(t, allocs, s)
	}
}

// FuzzParse checks Parse against netip.ParseAddr: the same strings are
// accepted, and what comes out is never IPv4-mapped nor zoned.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{"81.2.69.160", "::ffff:1.2.3.4", "fe80::1%eth0", "::ffff:1.2.3.4%x", "", "1.2.3", "%"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := Parse(pcommon.NewValueStr(s))
		want, err := netip.ParseAddr(s)
		if ok != (err == nil) {
			t.Fatalf("Parse(%q) ok=%v, netip.ParseAddr error %v", s, ok, err)
		}
		if !ok {
			return
		}
		if got.Is4In6() || got.Zone() != "" || got != want.Unmap().WithZone("") {
			t.Fatalf("Parse(%q) = %v, want %v unmapped and without zone", s, got, want)
		}
	})
}
