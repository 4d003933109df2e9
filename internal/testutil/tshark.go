// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package testutil

import (
	"bytes"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// TsharkFields runs tshark (its path from RequireTool) on a capture with `-T fields` and returns,
// per frame and per field, every occurrence as tshark printed it (the caller normalises). args
// go before the fields: decode-as rules and preferences.
func TsharkFields(tb testing.TB, tshark, pcap string, args, fields []string) [][][]string {
	tb.Helper()
	all := append([]string{"-r", pcap, "-n", "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=|",
		"-E", "separator=\t"}, args...)
	for _, f := range fields {
		all = append(all, "-e", f)
	}
	cmd := exec.Command(tshark, all...)
	cmd.Env = append(os.Environ(), "TZ=UTC")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("tshark: %v: %s", err, stderr.String())
	}
	var frames [][][]string
	for line := range strings.SplitSeq(strings.TrimRight(string(out), "\n"), "\n") {
		cols := strings.Split(line, "\t")
		frame := make([][]string, len(fields))
		for j := range fields {
			if j >= len(cols) {
				continue
			}
			for v := range strings.SplitSeq(cols[j], "|") {
				if v != "" {
					frame[j] = append(frame[j], v)
				}
			}
		}
		frames = append(frames, frame)
	}
	return frames
}

// TsharkValue writes a value tshark printed in one canonical form: numbers in decimal (hex
// fields included), addresses and MACs in Go's notation; anything else unchanged.
func TsharkValue(v string) string {
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

// TsharkPacketPrefs are the dissector settings for sampled packets: fragments shown as they
// are (not reassembled), VXLAN on its port, and label 299808 (the Ethernet pseudowire without
// control word in internal/packetheader's test frames) as Ethernet, which MPLS does not name.
var TsharkPacketPrefs = []string{"-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE",
	"-d", "udp.port==4789,vxlan", "-d", "mpls.label==299808,pwethnocw"}
