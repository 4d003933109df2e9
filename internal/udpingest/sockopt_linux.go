// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package udpingest // import "github.com/otelcol-flows/otelcol-flows/internal/udpingest"

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// setReceiveBuffer tries SO_RCVBUFFORCE first, which ignores
// net.core.rmem_max when the process has CAP_NET_ADMIN, and falls back to
// SO_RCVBUF, which the kernel silently caps at rmem_max.
func setReceiveBuffer(fd uintptr, size int) error {
	if unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_RCVBUFFORCE, size) == nil {
		return nil
	}
	if err := unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_RCVBUF, size); err != nil {
		return fmt.Errorf("set SO_RCVBUF: %w", err)
	}
	return nil
}
