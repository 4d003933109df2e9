// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package udpingest // import "github.com/otelcol-flows/otelcol-flows/internal/udpingest"

import (
	"context"
	"errors"
	"fmt"
	"net"
	"syscall"
)

// listenSockets binds cfg.Sockets UDP sockets to the endpoint. With more
// than one socket every socket sets SO_REUSEPORT and the kernel spreads
// exporters over them by source hash. Port 0 is resolved by the first bind
// so that all sockets share one port.
func listenSockets(ctx context.Context, cfg *Config) ([]*net.UDPConn, error) {
	lc := net.ListenConfig{Control: socketOptions(cfg)}
	endpoint := cfg.Endpoint
	conns := make([]*net.UDPConn, 0, cfg.Sockets)
	for range cfg.Sockets {
		pc, err := lc.ListenPacket(ctx, "udp", endpoint)
		if err != nil {
			return conns, fmt.Errorf("listen on %q: %w", endpoint, err)
		}
		conn := pc.(*net.UDPConn)
		conns = append(conns, conn)
		endpoint = conn.LocalAddr().String()
	}
	return conns, nil
}

func socketOptions(cfg *Config) func(network, address string, c syscall.RawConn) error {
	return func(_, _ string, c syscall.RawConn) error {
		var sockErr error
		err := c.Control(func(fd uintptr) {
			if cfg.Sockets > 1 {
				sockErr = reusePort(fd)
			}
			if sockErr == nil && cfg.ReadBufferSize > 0 {
				sockErr = setReceiveBuffer(fd, cfg.ReadBufferSize)
			}
		})
		return errors.Join(err, sockErr)
	}
}
