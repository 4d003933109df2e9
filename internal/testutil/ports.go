// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package testutil // import "github.com/otelcol-flows/otelcol-flows/internal/testutil"

import (
	"io"
	"net"
	"testing"
)

// FreeTCPPort returns a TCP port on 127.0.0.1 that was free a moment ago,
// for a process or component that takes its port from a configuration.
func FreeTCPPort(tb testing.TB) int {
	tb.Helper()
	return freePort(tb, "tcp")
}

// FreeUDPPort returns a UDP port on 127.0.0.1 that was free a moment ago.
func FreeUDPPort(tb testing.TB) int {
	tb.Helper()
	return freePort(tb, "udp")
}

// freePort opens a socket of network ("tcp" or "udp") on an ephemeral
// 127.0.0.1 port, closes it again and returns the port it got.
func freePort(tb testing.TB, network string) int {
	tb.Helper()
	var (
		s   io.Closer
		err error
	)
	if network == "udp" {
		s, err = net.ListenPacket(network, "127.0.0.1:0")
	} else {
		s, err = net.Listen(network, "127.0.0.1:0")
	}
	if err != nil {
		tb.Fatal(err)
	}
	defer s.Close()
	if l, ok := s.(net.Listener); ok {
		return l.Addr().(*net.TCPAddr).Port
	}
	return s.(net.PacketConn).LocalAddr().(*net.UDPAddr).Port
}
