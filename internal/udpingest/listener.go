// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package udpingest // import "github.com/otelcol-flows/otelcol-flows/internal/udpingest"

import (
	"context"
	"errors"
	"fmt"
	"net"
	"syscall"

	"golang.org/x/sys/unix"
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
				sockErr = unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_REUSEPORT, 1)
			}
			if sockErr == nil && cfg.ReadBufferSize > 0 {
				sockErr = setReceiveBuffer(int(fd), cfg.ReadBufferSize)
			}
		})
		return errors.Join(err, sockErr)
	}
}

// setReceiveBuffer tries SO_RCVBUFFORCE first, which ignores
// net.core.rmem_max when the process has CAP_NET_ADMIN, and falls back to
// SO_RCVBUF, which the kernel silently caps at rmem_max.
func setReceiveBuffer(fd, size int) error {
	if unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUFFORCE, size) == nil {
		return nil
	}
	if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUF, size); err != nil {
		return fmt.Errorf("set SO_RCVBUF: %w", err)
	}
	return nil
}

// receiveBufferSize reads back the buffer the kernel granted (it doubles
// the requested value for bookkeeping overhead).
func receiveBufferSize(conn *net.UDPConn) (int, error) {
	raw, err := conn.SyscallConn()
	if err != nil {
		return 0, err
	}
	var size int
	var sockErr error
	err = raw.Control(func(fd uintptr) {
		size, sockErr = unix.GetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_RCVBUF)
	})
	return size, errors.Join(err, sockErr)
}

// socketInode returns the inode that identifies conn in /proc/net/udp.
func socketInode(conn *net.UDPConn) (uint64, error) {
	raw, err := conn.SyscallConn()
	if err != nil {
		return 0, err
	}
	var st unix.Stat_t
	var statErr error
	err = raw.Control(func(fd uintptr) { statErr = unix.Fstat(int(fd), &st) })
	return st.Ino, errors.Join(err, statErr)
}
