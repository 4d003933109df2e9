// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package udpingest

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestKernelDropsSum(t *testing.T) {
	const table = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  100: 00000000:1283 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4242 2 0000000000000000 17
  101: 00000000:0803 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4243 2 0000000000000000 5
  102: 00000000:0804 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 9999 2 0000000000000000 1000
`
	k := newKernelDrops([]uint64{4242, 4243})
	assert.Equal(t, int64(22), k.sum(strings.NewReader(table)))
}

func TestKernelDropsFindsOwnSocket(t *testing.T) {
	conn, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	require.NoError(t, err)
	defer conn.Close()
	ino, err := socketInode(conn)
	require.NoError(t, err)
	k := newKernelDrops([]uint64{ino})
	k.files = []string{"/proc/self/net/udp"}
	// Fill the smallest possible buffer without reading: the kernel drops
	// the rest, and our inode must be the one that reports it.
	require.NoError(t, setReceiveBuffer(mustFd(t, conn), 1))
	out, err := net.DialUDP("udp", nil, conn.LocalAddr().(*net.UDPAddr))
	require.NoError(t, err)
	defer out.Close()
	for range 200 {
		_, _ = out.Write(make([]byte, 1000))
	}
	assert.Eventually(t, func() bool { return k.Total() > 0 }, 10*time.Second, 10*time.Millisecond)
}

func mustFd(t *testing.T, conn *net.UDPConn) uintptr {
	t.Helper()
	raw, err := conn.SyscallConn()
	require.NoError(t, err)
	var fd uintptr
	require.NoError(t, raw.Control(func(f uintptr) { fd = f }))
	return fd
}
