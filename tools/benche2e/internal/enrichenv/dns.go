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
// the Internet's DNS.
type PTRServer struct {
	srv     *dns.Server
	conn    net.PacketConn
	queries atomic.Int64
	done    chan struct{}
}

// StartPTRServer listens on 127.0.0.1:0 over UDP.
func StartPTRServer() (*PTRServer, error) {
	conn, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &PTRServer{conn: conn, done: make(chan struct{})}
	s.srv = &dns.Server{PacketConn: conn, Handler: dns.HandlerFunc(s.answer)}
	started := make(chan struct{})
	s.srv.NotifyStartedFunc = func() { close(started) }
	go func() {
		defer close(s.done)
		_ = s.srv.ActivateAndServe() // returns on Shutdown
	}()
	<-started
	return s, nil
}

func (s *PTRServer) answer(w dns.ResponseWriter, q *dns.Msg) {
	s.queries.Add(1)
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

// Queries is the number of queries answered.
func (s *PTRServer) Queries() int64 { return s.queries.Load() }

// Stop shuts the server down and waits for it.
func (s *PTRServer) Stop() {
	_ = s.srv.Shutdown()
	<-s.done
}
