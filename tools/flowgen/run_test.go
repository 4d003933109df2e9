// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"flag"
	"net"
	"testing"
	"time"

	"github.com/netsampler/goflow2/v2/decoders/netflow"
	"github.com/stretchr/testify/require"
)

func TestParseFlagsRejects(t *testing.T) {
	for _, args := range [][]string{
		{"-proto", "v5"},
		{"-target", "localhost"},
		{"-exporters", "0"},
		{"-exporters", "2", "-senders", "3"},
		{"-duration", "0"},
		{"-mix", "biflow6=1", "-proto", "v9"},
	} {
		_, err := parseFlags(flag.NewFlagSet("t", flag.ContinueOnError), args)
		require.Error(t, err, "%v", args)
	}
}

func TestShareAddsUp(t *testing.T) {
	require.Equal(t, uint64(1001), share(1001, 3, 0)+share(1001, 3, 1)+share(1001, 3, 2))
	require.Zero(t, share(0, 2, 1))
}

// TestRunSendsCountFromEachExporter sends a fixed count from three exporter
// addresses and checks what a collector would see: every packet decodes,
// the flows add up to the report, and each source address is used.
func TestRunSendsCountFromEachExporter(t *testing.T) {
	ln, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	require.NoError(t, err)
	defer ln.Close()
	require.NoError(t, ln.SetReadBuffer(4<<20))
	args := []string{"-target", ln.LocalAddr().String(), "-exporters", "3", "-senders", "2", "-count", "5000", "-duration", "0", "-rate", "50000", "-template-refresh", "5"}
	cfg, err := parseFlags(flag.NewFlagSet("t", flag.ContinueOnError), args)
	require.NoError(t, err)

	start := time.Now()
	rep, err := run(context.Background(), cfg)
	require.NoError(t, err)
	require.Equal(t, uint64(5000), rep.Flows)
	require.Zero(t, rep.SendErrors)
	require.GreaterOrEqual(t, time.Since(start), 90*time.Millisecond, "paced at 50k/s, 5000 flows take ~100 ms")

	store := netflow.CreateTemplateSystem()
	sources := map[string]bool{}
	flows, buf := 0, make([]byte, 65535)
	require.NoError(t, ln.SetReadDeadline(time.Now().Add(2*time.Second)))
	for range rep.Packets {
		n, from, err := ln.ReadFromUDP(buf)
		require.NoError(t, err)
		sources[from.IP.String()] = true
		var v9 netflow.NFv9Packet
		var ipfix netflow.IPFIXPacket
		require.NoError(t, netflow.DecodeMessageVersion(bytes.NewBuffer(buf[:n]), store, &v9, &ipfix))
		for _, s := range ipfix.FlowSets {
			if d, ok := s.(netflow.DataFlowSet); ok {
				flows += len(d.Records)
			}
		}
	}
	require.Equal(t, 5000, flows)
	require.Len(t, sources, 3)
	require.True(t, sources["127.0.0.2"] && sources["127.0.0.4"])
}

// TestLowRateSendsFullPackets: at 2,000 flows/s, 1 ms bursts would carry two
// flows each; exporters fill packets, and so must flowgen.
func TestLowRateSendsFullPackets(t *testing.T) {
	ln, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	require.NoError(t, err)
	defer ln.Close()
	args := []string{"-target", ln.LocalAddr().String(), "-count", "400", "-duration", "0", "-rate", "2000"}
	cfg, err := parseFlags(flag.NewFlagSet("t", flag.ContinueOnError), args)
	require.NoError(t, err)
	rep, err := run(context.Background(), cfg)
	require.NoError(t, err)
	require.Equal(t, uint64(400), rep.Flows)
	// The smallest capacity in the default IPFIX mix is 13 (biflow6); the
	// largest 28 (softflowd4). 400 flows in full packets take at most 31.
	require.LessOrEqual(t, rep.Packets-rep.TemplatePackets, uint64(31))
	require.GreaterOrEqual(t, rep.Packets-rep.TemplatePackets, uint64(15))
}

// TestTemplateLeadSendsTemplatesFirst: with -template-lead every exporter's
// templates go out before any data, and the data waits the lead.
func TestTemplateLeadSendsTemplatesFirst(t *testing.T) {
	ln, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	require.NoError(t, err)
	defer ln.Close()
	args := []string{"-target", ln.LocalAddr().String(), "-exporters", "3", "-count", "300", "-duration", "0", "-template-lead", "100ms"}
	cfg, err := parseFlags(flag.NewFlagSet("t", flag.ContinueOnError), args)
	require.NoError(t, err)
	go func() { _, _ = run(context.Background(), cfg) }()
	buf := make([]byte, 65535)
	var lastTemplate time.Time
	for i := range 4 {
		n, _, err := ln.ReadFromUDP(buf)
		require.NoError(t, err)
		require.Greater(t, n, 20)
		setID := binary.BigEndian.Uint16(buf[16:18]) // the first set after the 16-byte IPFIX header
		if i < 3 {
			require.Equal(t, uint16(2), setID, "packet %d is a template set", i)
			lastTemplate = time.Now()
			continue
		}
		require.GreaterOrEqual(t, setID, uint16(256), "then data")
		require.GreaterOrEqual(t, time.Since(lastTemplate), 80*time.Millisecond)
	}
}
