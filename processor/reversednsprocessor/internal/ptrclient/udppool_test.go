// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ptrclient

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rawServer answers each query on a plain UDP socket with what answer
// returns (nil: no answer), and records the source port of every query.
type rawServer struct {
	conn  net.PacketConn
	mu    sync.Mutex
	ports map[int]int
	done  chan struct{}
}

func startRawServer(t *testing.T, answer func(q *dns.Msg) []*dns.Msg) *rawServer {
	t.Helper()
	conn, err := net.ListenPacket("udp", "127.0.0.1:0")
	require.NoError(t, err)
	s := &rawServer{conn: conn, ports: map[int]int{}, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		buf := make([]byte, 512)
		for {
			n, from, err := conn.ReadFrom(buf)
			if err != nil {
				return
			}
			q := new(dns.Msg)
			if q.Unpack(buf[:n]) != nil {
				continue
			}
			s.mu.Lock()
			s.ports[from.(*net.UDPAddr).Port]++
			s.mu.Unlock()
			for _, m := range answer(q) {
				b, _ := m.Pack()
				_, _ = conn.WriteTo(b, from)
			}
		}
	}()
	t.Cleanup(func() {
		conn.Close()
		<-s.done
	})
	return s
}

func nameFor(q *dns.Msg) *dns.Msg {
	m := new(dns.Msg)
	m.SetReply(q)
	m.Answer = []dns.RR{ptr(q.Question[0].Name, "right.example.", 60)}
	return m
}

// TestPoolIgnoresAnswerToAnotherQuestion: datagrams with the query's ID
// but another question (a spoofer who guessed the ID and port) are not
// taken for the answer, nor do they crowd the real answer out.
func TestPoolIgnoresAnswerToAnotherQuestion(t *testing.T) {
	srv := startRawServer(t, func(q *dns.Msg) []*dns.Msg {
		spoof := new(dns.Msg)
		spoof.SetQuestion("9.9.9.9.in-addr.arpa.", dns.TypePTR)
		spoof.Response, spoof.Id = true, q.Id
		spoof.Answer = []dns.RR{ptr("9.9.9.9.in-addr.arpa.", "spoofed.example.", 60)}
		out := make([]*dns.Msg, 0, 51)
		for range 50 {
			out = append(out, spoof)
		}
		return append(out, nameFor(q))
	})
	c, err := New(Settings{Servers: []string{srv.conn.LocalAddr().String()}, QueryTimeout: 2 * time.Second, Attempts: 1})
	require.NoError(t, err)
	defer c.Close()
	for i := range 3 {
		ans, err := c.LookupPTR(context.Background(), netip.AddrFrom4([4]byte{192, 0, 2, byte(i)}))
		require.NoError(t, err)
		assert.Equal(t, "right.example", ans.Name)
	}
}

// TestPoolChangesSourcePort: sockets are shared by a few queries, then
// replaced, so the source port keeps changing (RFC 5452).
func TestPoolChangesSourcePort(t *testing.T) {
	srv := startRawServer(t, func(q *dns.Msg) []*dns.Msg { return []*dns.Msg{nameFor(q)} })
	c, err := New(Settings{Servers: []string{srv.conn.LocalAddr().String()}, QueryTimeout: 5 * time.Second, Attempts: 1})
	require.NoError(t, err)
	defer c.Close()
	const lookups = 10 * usesPerSocket
	for i := range lookups {
		_, err := c.LookupPTR(context.Background(), netip.AddrFrom4([4]byte{192, 0, 2, byte(i)}))
		require.NoError(t, err)
	}
	srv.mu.Lock()
	defer srv.mu.Unlock()
	assert.GreaterOrEqual(t, len(srv.ports), lookups/usesPerSocket)
	for port, n := range srv.ports {
		assert.LessOrEqual(t, n, usesPerSocket, "port %d used too often", port)
	}
}

// TestPoolFailsAtOnceWithoutServer: with nothing listening, the kernel's
// port unreachable fails the query, as a socket per query did, instead of
// leaving it to the time-out.
func TestPoolFailsAtOnceWithoutServer(t *testing.T) {
	conn, err := net.ListenPacket("udp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := conn.LocalAddr().String()
	conn.Close()
	c, err := New(Settings{Servers: []string{addr}, QueryTimeout: time.Minute, Attempts: 1})
	require.NoError(t, err)
	defer c.Close()
	_, err = c.LookupPTR(context.Background(), netip.AddrFrom4([4]byte{192, 0, 2, 1}))
	require.ErrorIs(t, err, ErrServerFailure)
	assert.True(t, errors.Is(err, syscall.ECONNREFUSED), "%v", err)
}
