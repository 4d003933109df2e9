// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package packetheader

import (
	"errors"
	"testing"
)

// FuzzParse feeds arbitrary bytes from every first layer, with and without decapsulation:
// Parse must not panic, must fail only with its own errors, and what it reports must hang
// together.
func FuzzParse(f *testing.F) {
	for _, fr := range testFrames(f) {
		f.Add(fr.data, uint8(fr.first), true)
		f.Add(fr.sampled(), uint8(fr.first), false)
	}
	f.Fuzz(func(t *testing.T, data []byte, first uint8, decap bool) {
		p := Parser{}
		if decap {
			p.Decapsulate = TunnelSRv6 | TunnelVXLAN
		}
		var h Header
		err := p.Parse(data, Layer(first%6), &h)
		if err != nil && !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrUnknownLayer) {
			t.Fatalf("error outside the contract: %v", err)
		}
		checkConsistent(t, &h)
	})
}

func checkConsistent(t *testing.T, h *Header) {
	ip := h.Has & (HasIPv4 | HasIPv6)
	switch {
	case ip == HasIPv4|HasIPv6:
		t.Fatal("both IPv4 and IPv6 for one packet")
	case ip == HasIPv4 && (h.Version != 4 || !h.Src.Is4() || !h.Dst.Is4()):
		t.Fatalf("IPv4 with version %d, %v -> %v", h.Version, h.Src, h.Dst)
	case ip == HasIPv6 && (h.Version != 6 || !h.Src.Is6() || !h.Dst.Is6()):
		t.Fatalf("IPv6 with version %d, %v -> %v", h.Version, h.Src, h.Dst)
	case ip == 0 && h.Has&(HasPorts|HasTCPFlags|HasICMP|HasFragment) != 0:
		t.Fatalf("transport without IP: %b", h.Has)
	case h.Has&HasTCPFlags != 0 && h.Has&HasPorts == 0:
		t.Fatal("TCP flags without ports")
	case h.Decapsulated && h.Outer.Version == 0:
		t.Fatal("decapsulated without an outer packet")
	case h.Has&HasVLAN != 0 && h.VLANCount == 0, h.Has&HasMPLS != 0 && h.MPLSCount == 0:
		t.Fatal("VLAN or MPLS bit without entries")
	}
}
