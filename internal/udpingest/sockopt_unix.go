// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

//go:build unix

package udpingest // import "github.com/otelcol-flows/otelcol-flows/internal/udpingest"

import (
	"errors"
	"net"

	"golang.org/x/sys/unix"
)

// reusePort lets several sockets bind one port; the kernel spreads exporters over them.
func reusePort(fd uintptr) error {
	return unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_REUSEPORT, 1)
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
