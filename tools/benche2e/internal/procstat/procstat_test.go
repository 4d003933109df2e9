// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package procstat

import (
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestCPUTimeParsesNameWithParens(t *testing.T) {
	old := Root
	Root = t.TempDir()
	defer func() { Root = old }()
	require.NoError(t, os.MkdirAll(filepath.Join(Root, "42"), 0o755))
	stat := "42 (otel (col) x) S 1 42 42 0 -1 4194560 100 0 0 0 250 130 0 0 20 0 9 0 100 1000 50"
	require.NoError(t, os.WriteFile(filepath.Join(Root, "42", "stat"), []byte(stat), 0o644))
	d, err := CPUTime(42)
	require.NoError(t, err)
	require.Equal(t, 3800*time.Millisecond, d, "utime 250 + stime 130 ticks")
}

func TestSelfCPUAndMemory(t *testing.T) {
	pid := os.Getpid()
	before, err := CPUTime(pid)
	require.NoError(t, err)
	// Burn CPU until the clock-tick counter moves: on a loaded machine a fixed
	// wall-clock burn may get less than one tick of CPU.
	after := before
	for end := time.Now().Add(10 * time.Second); after <= before && time.Now().Before(end); {
		after, err = CPUTime(pid)
		require.NoError(t, err)
	}
	require.Greater(t, after, before)

	require.NoError(t, ResetPeak(pid))
	m, err := ReadMemory(pid)
	require.NoError(t, err)
	require.NotZero(t, m.Current)
	require.GreaterOrEqual(t, m.Peak, m.Current)
}

// TestUDPDropsOfOwnSocket overflows a small receive buffer and expects the
// kernel's drop counter for exactly that socket to show it.
func TestUDPDropsOfOwnSocket(t *testing.T) {
	rx, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	require.NoError(t, err)
	defer rx.Close()
	require.NoError(t, rx.SetReadBuffer(4096))
	tx, err := net.DialUDP("udp", nil, rx.LocalAddr().(*net.UDPAddr))
	require.NoError(t, err)
	defer tx.Close()
	payload := make([]byte, 1000)
	for range 200 {
		_, _ = tx.Write(payload)
	}
	inodes, err := SocketInodes(os.Getpid())
	require.NoError(t, err)
	st, err := ReadUDP(inodes)
	require.NoError(t, err)
	require.Equal(t, 2, st.Sockets, "the receiving and the sending socket")
	require.Greater(t, st.Drops, uint64(100))
	require.NotZero(t, st.RxQueue)
}

func TestMachineBusy(t *testing.T) {
	old := Root
	Root = t.TempDir()
	defer func() { Root = old }()
	stat := "cpu  100 5 50 1000 20 1 2 3 7 0\ncpu0 50 2 25 500 10 0 1 1 0 0\n"
	require.NoError(t, os.WriteFile(filepath.Join(Root, "stat"), []byte(stat), 0o644))
	d, err := MachineBusy()
	require.NoError(t, err)
	require.Equal(t, 1610*time.Millisecond, d, "user+nice+system+irq+softirq+steal = 161 ticks")
}
