// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package testutil // import "github.com/otelcol-flows/otelcol-flows/internal/testutil"

import (
	"net"
	"testing"
)

// FreeTCPPort returns a TCP port on 127.0.0.1 that was free a moment ago,
// for a process or component that takes its port from a configuration.
func FreeTCPPort(tb testing.TB) int {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// FreeUDPPort returns a UDP port on 127.0.0.1 that was free a moment ago.
func FreeUDPPort(tb testing.TB) int {
	tb.Helper()
	c, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer c.Close()
	return c.LocalAddr().(*net.UDPAddr).Port
}
