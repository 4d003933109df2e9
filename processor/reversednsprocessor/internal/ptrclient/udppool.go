// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ptrclient

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"net"
	"strings"
	"sync"
	"syscall"

	"github.com/miekg/dns"
)

// Sizes of a udpPool. A socket per query cost a socket, a connect, an
// epoll registration, a goroutine and a close for every lookup; sockets
// that carry several queries at once, matched by ID, amortise all of it.
// Each socket is retired after usesPerSocket queries, so the source port
// still changes every few queries and stays unpredictable (RFC 5452
// section 9.2): a spoofed answer must guess a port among the few in use
// now, the 16-bit ID, and the question, which is checked too.
const (
	socketsPerServer = 4
	usesPerSocket    = 32
)

// reply is what a socket's reader hands to the query waiting for it.
type reply struct {
	msg []byte
	err error
}

// waiter is a query waiting on a socket: the question section it sent,
// which the answer must repeat, and where the answer goes.
type waiter struct {
	question []byte
	ch       chan reply
}

// dnsHeaderLen is the fixed header before the question section.
const dnsHeaderLen = 12

// udpPool sends queries to one server over a few connected UDP sockets,
// each read by one goroutine that routes answers by message ID.
type udpPool struct {
	server string
	dialer net.Dialer

	mu     sync.Mutex
	open   []*udpSocket // accept new queries
	all    map[*udpSocket]struct{}
	next   int
	closed bool
	wg     sync.WaitGroup // readers
}

func newUDPPool(server string) *udpPool {
	return &udpPool{server: server, all: map[*udpSocket]struct{}{}}
}

// udpSocket is one connected socket with the queries waiting on it.
type udpSocket struct {
	conn *net.UDPConn

	mu      sync.Mutex
	waiting map[uint16]waiter
	uses    int  // queries sent or being sent
	users   int  // queries not yet released
	retired bool // takes no more queries; closed when users reaches 0
}

// exchange sends query (its ID is overwritten) and waits for the answer
// that matches its ID and question, or for ctx to end.
func (p *udpPool) exchange(ctx context.Context, query *dns.Msg) (*dns.Msg, error) {
	s, err := p.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer p.release(s)
	buf, err := query.Pack()
	if err != nil {
		return nil, err
	}
	id, ch := s.register(buf[dnsHeaderLen:])
	defer s.unregister(id)
	binary.BigEndian.PutUint16(buf, id)
	query.Id = id
	if _, err := s.conn.Write(buf); err != nil {
		return nil, err
	}
	for {
		select {
		case r := <-ch:
			if r.err != nil {
				return nil, r.err
			}
			resp := new(dns.Msg)
			if resp.Unpack(r.msg) == nil && answers(resp, query) {
				return resp, nil
			}
			// Not the answer to this question: spoofed, or a late answer
			// to an earlier use of the ID. Keep waiting for the real one.
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// answers reports whether resp is a response to query's question.
func answers(resp, query *dns.Msg) bool {
	if !resp.Response || len(resp.Question) != 1 {
		return false
	}
	q, a := query.Question[0], resp.Question[0]
	return q.Qtype == a.Qtype && q.Qclass == a.Qclass && strings.EqualFold(q.Name, a.Name)
}

// acquire takes the next open socket in turn, opening one while there are
// fewer than socketsPerServer, and retires a socket on its last use.
func (p *udpPool) acquire(ctx context.Context) (*udpSocket, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, net.ErrClosed
	}
	if len(p.open) < socketsPerServer {
		s, err := p.dial(ctx)
		switch {
		case err == nil:
			p.open = append(p.open, s)
		case len(p.open) == 0:
			return nil, err
		}
	}
	p.next = (p.next + 1) % len(p.open)
	s := p.open[p.next]
	s.mu.Lock()
	s.uses++
	s.users++
	if s.uses >= usesPerSocket {
		s.retired = true
		p.open = append(p.open[:p.next], p.open[p.next+1:]...)
	}
	s.mu.Unlock()
	return s, nil
}

// dial opens a socket on a new random port and starts its reader; p.mu
// is held.
func (p *udpPool) dial(ctx context.Context) (*udpSocket, error) {
	c, err := p.dialer.DialContext(ctx, "udp", p.server)
	if err != nil {
		return nil, err
	}
	s := &udpSocket{conn: c.(*net.UDPConn), waiting: map[uint16]waiter{}}
	p.all[s] = struct{}{}
	p.wg.Add(1)
	go p.read(s)
	return s, nil
}

// release ends one query's use of s and closes s after its last use.
func (p *udpPool) release(s *udpSocket) {
	s.mu.Lock()
	s.users--
	done := s.retired && s.users == 0
	s.mu.Unlock()
	if done {
		_ = s.conn.Close() // the reader ends and forgets s
	}
}

// read routes every datagram on s to the query with its ID until s is
// closed. Datagrams for no waiting query are dropped.
func (p *udpPool) read(s *udpSocket) {
	defer p.wg.Done()
	defer p.forget(s)
	buf := make([]byte, dns.MaxMsgSize)
	for {
		n, err := s.conn.Read(buf)
		switch {
		case errors.Is(err, syscall.ECONNREFUSED):
			// ICMP port unreachable: nothing listens at the server. Fail
			// the waiting queries now, as a fresh socket per query did.
			s.failWaiting(err)
			continue
		case err != nil:
			s.failWaiting(err)
			return
		case n < dnsHeaderLen:
			continue
		}
		s.mu.Lock()
		w, ok := s.waiting[binary.BigEndian.Uint16(buf)]
		s.mu.Unlock()
		// Only a datagram that repeats the question is handed over, so
		// that a forged one cannot take the place of the real answer.
		if ok && repeatsQuestion(buf[:n], w.question) {
			select {
			case w.ch <- reply{msg: append([]byte(nil), buf[:n]...)}:
			default: // an answer is already waiting to be read
			}
		}
	}
}

// repeatsQuestion reports whether msg carries question (the packed
// question section of the query) as its only question. Names compare
// without case: servers may change it, and no length byte of a label (at
// most 63) is a letter.
func repeatsQuestion(msg, question []byte) bool {
	const qdcount = 4
	if binary.BigEndian.Uint16(msg[qdcount:]) != 1 || len(msg) < dnsHeaderLen+len(question) {
		return false
	}
	return bytes.EqualFold(msg[dnsHeaderLen:dnsHeaderLen+len(question)], question)
}

// forget drops a socket whose reader ended, closing it if it was open.
func (p *udpPool) forget(s *udpSocket) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.all, s)
	for i, o := range p.open {
		if o == s {
			p.open = append(p.open[:i], p.open[i+1:]...)
			break
		}
	}
	s.mu.Lock()
	s.retired = true
	s.mu.Unlock()
	_ = s.conn.Close()
}

// register picks an ID no query on s is waiting with.
func (s *udpSocket) register(question []byte) (uint16, chan reply) {
	w := waiter{question: question, ch: make(chan reply, 1)}
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		id := dns.Id()
		if _, taken := s.waiting[id]; !taken {
			s.waiting[id] = w
			return id, w.ch
		}
	}
}

func (s *udpSocket) unregister(id uint16) {
	s.mu.Lock()
	delete(s.waiting, id)
	s.mu.Unlock()
}

func (s *udpSocket) failWaiting(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, w := range s.waiting {
		select {
		case w.ch <- reply{err: err}:
		default:
		}
	}
}

// close closes every socket and waits for the readers.
func (p *udpPool) close() {
	p.mu.Lock()
	p.closed = true
	for s := range p.all {
		_ = s.conn.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
}
