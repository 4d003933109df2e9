// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package enrichenv

import (
	"fmt"
	"hash/fnv"
	"net"
	"sync/atomic"

	"github.com/miekg/dns"
)

// PTRServer answers every PTR query with a synthetic name, as a resolver
// with every answer cached would: the benchmark measures the pipeline, not
// the Internet's DNS. It can also refuse every query, or never answer.
type PTRServer struct {
	srv     *dns.Server
	conn    net.PacketConn
	queries atomic.Int64
	done    chan struct{}
}

// Behaviours of a PTRServer.
const (
	Answer = "answer" // a synthetic name for every address
	Refuse = "refuse" // REFUSED at once, as a resolver that does not serve this client
	Silent = "silent" // never answers, as a firewalled or dead server
)

// StartPTRServer listens on 127.0.0.1:0 over UDP and answers as behaviour
// says.
func StartPTRServer(behaviour string) (*PTRServer, error) {
	handlers := map[string]func(*PTRServer, dns.ResponseWriter, *dns.Msg){
		Answer: (*PTRServer).answer, Refuse: (*PTRServer).refuse, Silent: (*PTRServer).ignore,
	}
	handle, ok := handlers[behaviour]
	if !ok {
		return nil, fmt.Errorf("DNS behaviour %q: want %s, %s or %s", behaviour, Answer, Refuse, Silent)
	}
	conn, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &PTRServer{conn: conn, done: make(chan struct{})}
	s.srv = &dns.Server{PacketConn: conn, Handler: dns.HandlerFunc(func(w dns.ResponseWriter, q *dns.Msg) {
		s.queries.Add(1)
		handle(s, w, q)
	})}
	started := make(chan struct{})
	s.srv.NotifyStartedFunc = func() { close(started) }
	go func() {
		defer close(s.done)
		_ = s.srv.ActivateAndServe() // returns on Shutdown
	}()
	<-started
	return s, nil
}

func (s *PTRServer) refuse(w dns.ResponseWriter, q *dns.Msg) {
	m := new(dns.Msg)
	m.SetRcode(q, dns.RcodeRefused)
	_ = w.WriteMsg(m)
}

func (s *PTRServer) ignore(dns.ResponseWriter, *dns.Msg) {}

func (s *PTRServer) answer(w dns.ResponseWriter, q *dns.Msg) {
	m := new(dns.Msg)
	m.SetReply(q)
	m.Authoritative = true
	for _, question := range q.Question {
		if question.Qtype != dns.TypePTR {
			continue
		}
		h := fnv.New32a()
		_, _ = h.Write([]byte(question.Name))
		m.Answer = append(m.Answer, &dns.PTR{
			Hdr: dns.RR_Header{Name: question.Name, Rrtype: dns.TypePTR, Class: dns.ClassINET, Ttl: 3600},
			Ptr: fmt.Sprintf("host-%08x.bench.example.", h.Sum32()),
		})
	}
	_ = w.WriteMsg(m)
}

// Addr is the server's host:port.
func (s *PTRServer) Addr() string { return s.conn.LocalAddr().String() }

// Queries is the number of queries received.
func (s *PTRServer) Queries() int64 { return s.queries.Load() }

// Stop shuts the server down and waits for it.
func (s *PTRServer) Stop() {
	_ = s.srv.Shutdown()
	<-s.done
}
