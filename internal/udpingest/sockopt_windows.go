// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package udpingest // import "github.com/otelcol-flows/otelcol-flows/internal/udpingest"

import (
	"errors"
	"fmt"
	"net"
	"syscall"
)

// reusePort: Windows has no SO_REUSEPORT load balancing, so sockets must be 1 there.
func reusePort(uintptr) error {
	return errors.New("'sockets' above 1 needs SO_REUSEPORT, which Windows lacks")
}

func setReceiveBuffer(fd uintptr, size int) error {
	if err := syscall.SetsockoptInt(syscall.Handle(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, size); err != nil {
		return fmt.Errorf("set SO_RCVBUF: %w", err)
	}
	return nil
}

// receiveBufferSize and socketInode have no Windows counterpart: the receiver then skips its
// buffer warning and the kernel drop gauge (it reads /proc/net/udp).
func receiveBufferSize(*net.UDPConn) (int, error) { return 0, errors.ErrUnsupported }

func socketInode(*net.UDPConn) (uint64, error) { return 0, errors.ErrUnsupported }
