// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

//go:build unix && !linux

package udpingest // import "github.com/otelcol-flows/otelcol-flows/internal/udpingest"

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// setReceiveBuffer sets SO_RCVBUF; macOS and the BSDs cap it at kern.ipc.maxsockbuf.
func setReceiveBuffer(fd uintptr, size int) error {
	if err := unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_RCVBUF, size); err != nil {
		return fmt.Errorf("set SO_RCVBUF: %w", err)
	}
	return nil
}
