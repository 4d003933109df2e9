// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package testutil

import (
	"net"
	"strconv"
	"testing"
)

// TestFreePortsCanBeBound: the ports are free once returned.
func TestFreePortsCanBeBound(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(FreeTCPPort(t)))
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
	c, err := net.ListenPacket("udp", "127.0.0.1:"+strconv.Itoa(FreeUDPPort(t)))
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
}
