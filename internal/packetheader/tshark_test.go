// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package packetheader

import (
	"bytes"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

// tsharkFields are the Wireshark fields compared, every occurrence in frame order (outer
// header first).
var tsharkFields = []string{
	"eth.src", "eth.dst", "ieee8021ad.id", "vlan.id", "mpls.label", "mpls.bottom", "pwethcw",
	"ip.src", "ip.dst", "ip.len", "ip.ttl", "ip.dsfield", "ip.proto", "ip.id", "ip.flags.mf", "ip.frag_offset",
	"ipv6.src", "ipv6.dst", "ipv6.plen", "ipv6.hlim", "ipv6.tclass", "ipv6.flow",
	"ipv6.routing.segleft", "ipv6.routing.srh.addr", "ipv6.fraghdr.ident",
	"tcp.srcport", "tcp.dstport", "tcp.flags", "udp.srcport", "udp.dstport",
	"icmp.type", "icmp.code", "icmpv6.type", "icmpv6.code", "vxlan.vni",
}

// TestParseAgreesWithTshark writes the Ethernet test frames (cut frames with their snap
// length) to a pcap, has tshark dissect it, and compares every field, every occurrence.
func TestParseAgreesWithTshark(t *testing.T) {
	tshark := testutil.RequireTool(t, "tshark")
	var frames []testFrame
	for _, f := range testFrames(t) {
		if f.first == Ethernet {
			frames = append(frames, f)
		}
	}
	path := filepath.Join(t.TempDir(), "frames.pcap")
	writeFrames(t, path, frames)
	theirs := runTshark(t, tshark, path)
	require.Len(t, theirs, len(frames))
	p := Parser{Decapsulate: TunnelSRv6 | TunnelVXLAN}
	compared := 0
	for i, f := range frames {
		var h Header
		require.NoError(t, p.Parse(f.sampled(), Ethernet, &h), f.name)
		ours := fieldsOf(&h)
		for j, field := range tsharkFields {
			got := theirs[i][j]
			switch field {
			case "eth.src", "eth.dst": // Header keeps the frame nearest the IP header
				got = got[max(0, len(got)-1):]
			case "ieee8021ad.id": // an 802.1ad service tag: Header counts it among the VLANs
				continue
			case "vlan.id":
				got = append(theirs[i][j-1], got...)
			}
			if f.snap > 0 && len(got) > len(ours[field]) {
				// tshark shows the fields of a header the cut left partly there; Parse reports
				// only whole headers (and sets Truncated).
				require.True(t, h.Truncated, f.name)
				got = got[:len(ours[field])]
			}
			assert.Equal(t, got, ours[field], "%s: %s", f.name, field)
			compared += len(ours[field])
		}
	}
	t.Logf("%d values in %d frames agree with tshark", compared, len(frames))
}

func writeFrames(t *testing.T, path string, frames []testFrame) {
	t.Helper()
	out, err := os.Create(path)
	require.NoError(t, err)
	defer out.Close()
	w := pcapgo.NewWriter(out)
	require.NoError(t, w.WriteFileHeader(65535, layers.LinkTypeEthernet))
	for i, f := range frames {
		ci := gopacket.CaptureInfo{Timestamp: time.Unix(1700000000+int64(i), 0), CaptureLength: len(f.sampled()), Length: len(f.data)}
		require.NoError(t, w.WritePacket(ci, f.sampled()))
	}
}

// runTshark returns, per frame, per tsharkFields entry, the normalised occurrences.
func runTshark(t *testing.T, tshark, path string) [][][]string {
	t.Helper()
	args := []string{"-r", path, "-n", "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=|",
		"-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE", "-d", "udp.port==4789,vxlan",
		// MPLS names no payload: tshark needs telling which label carries Ethernet without
		// control word, where Parse recognises the Ethernet header.
		"-d", "mpls.label==299808,pwethnocw"}
	for _, f := range tsharkFields {
		args = append(args, "-e", f)
	}
	cmd := exec.Command(tshark, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, stderr.String())
	var frames [][][]string
	for line := range strings.SplitSeq(strings.TrimRight(string(out), "\n"), "\n") {
		cols := strings.Split(line, "\t")
		require.Len(t, cols, len(tsharkFields), line)
		frame := make([][]string, len(cols))
		for j, c := range cols {
			for v := range strings.SplitSeq(c, "|") {
				if v != "" {
					frame[j] = append(frame[j], normalise(v))
				}
			}
		}
		frames = append(frames, frame)
	}
	return frames
}

// normalise writes numbers in decimal and addresses in their canonical form, whatever base
// and notation tshark chose for the field.
func normalise(v string) string {
	if n, err := strconv.ParseUint(v, 0, 64); err == nil {
		return strconv.FormatUint(n, 10)
	}
	if a, err := netip.ParseAddr(v); err == nil {
		return a.String()
	}
	if m, err := net.ParseMAC(v); err == nil {
		return m.String()
	}
	return v
}

// fieldsOf renders h as tshark's fields, outer packet first.
func fieldsOf(h *Header) map[string][]string {
	m := map[string][]string{}
	add := func(field string, v any) {
		var s string
		switch v := v.(type) {
		case netip.Addr:
			s = v.String()
		case [6]byte:
			s = net.HardwareAddr(v[:]).String()
		case bool:
			s = map[bool]string{false: "0", true: "1"}[v]
		default:
			s = normalise(strings.TrimSpace(strings.Trim(strconv.Quote(toString(v)), `"`)))
		}
		m[field] = append(m[field], s)
	}
	if h.Has&HasEthernet != 0 {
		add("eth.src", h.SrcMAC)
		add("eth.dst", h.DstMAC)
	}
	for _, v := range h.VLANs[:min(int(h.VLANCount), MaxVLANs)] {
		add("vlan.id", v)
	}
	for _, e := range h.MPLSLabels[:min(int(h.MPLSCount), MaxMPLSLabels)] {
		add("mpls.label", e.Label())
		add("mpls.bottom", e.BottomOfStack())
	}
	if h.Has&HasControlWord != 0 {
		m["pwethcw"] = []string{"pwethcw"} // a protocol, not a value, to tshark
	}
	if h.Decapsulated {
		packetFields(&h.Outer, true, add)
	}
	if h.Has&HasSRH != 0 {
		add("ipv6.routing.segleft", h.SegmentsLeft)
		for _, s := range h.Segments[:min(int(h.SegmentCount), MaxSegments)] {
			add("ipv6.routing.srh.addr", s)
		}
	}
	if h.Has&(HasIPv4|HasIPv6) != 0 {
		packetFields(&h.Packet, h.Has&HasTCPFlags != 0, add)
	}
	if h.Has&HasVXLAN != 0 {
		add("vxlan.vni", h.VNI)
	}
	return m
}

func packetFields(p *Packet, tcpFlags bool, add func(string, any)) {
	if p.Version == 4 {
		add("ip.src", p.Src)
		add("ip.dst", p.Dst)
		add("ip.len", p.Length)
		add("ip.ttl", p.TTL)
		add("ip.dsfield", p.TOS)
		add("ip.proto", p.Protocol)
		add("ip.id", p.Fragment.ID)
		add("ip.flags.mf", p.Fragment.More)
		add("ip.frag_offset", p.Fragment.Offset/8) // tshark 4.0 counts 8-byte units
	} else {
		add("ipv6.src", p.Src)
		add("ipv6.dst", p.Dst)
		add("ipv6.plen", p.Length-40)
		add("ipv6.hlim", p.TTL)
		add("ipv6.tclass", p.TOS)
		add("ipv6.flow", p.FlowLabel)
		if p.Fragment.ID != 0 {
			add("ipv6.fraghdr.ident", p.Fragment.ID)
		}
	}
	switch {
	case p.Protocol == 6 && (p.SrcPort != 0 || p.DstPort != 0):
		add("tcp.srcport", p.SrcPort)
		add("tcp.dstport", p.DstPort)
		if tcpFlags {
			add("tcp.flags", p.TCPFlags)
		}
	case p.Protocol == 17 && (p.SrcPort != 0 || p.DstPort != 0):
		add("udp.srcport", p.SrcPort)
		add("udp.dstport", p.DstPort)
	case p.Protocol == 1 && p.Fragment.Offset == 0:
		add("icmp.type", p.ICMPType)
		add("icmp.code", p.ICMPCode)
	case p.Protocol == 58:
		add("icmpv6.type", p.ICMPType)
		add("icmpv6.code", p.ICMPCode)
	}
}

func toString(v any) string {
	switch v := v.(type) {
	case uint8:
		return strconv.FormatUint(uint64(v), 10)
	case uint16:
		return strconv.FormatUint(uint64(v), 10)
	case uint32:
		return strconv.FormatUint(uint64(v), 10)
	case int:
		return strconv.Itoa(v)
	}
	panic("unexpected type")
}
