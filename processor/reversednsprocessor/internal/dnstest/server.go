// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package dnstest runs a PTR name server on a loopback UDP port for tests
// and benchmarks, with per-address answers, failures and delays.
package dnstest // import "github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor/internal/dnstest"

import (
	"context"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// Record is how the server answers for one address.
type Record struct {
	// Name is the PTR target; empty with Rcode 0 gives NOERROR without data.
	Name string
	// TTL of the PTR record, in seconds.
	TTL uint32
	// Rcode such as dns.RcodeNameError or dns.RcodeServerFailure.
	Rcode int
	// SOA, when set, goes into the authority section of a negative answer
	// (NXDOMAIN, or NOERROR without a name), as a zone's server sends it.
	SOA *SOA
}

// SOA is the zone's SOA record in a negative answer. Its zone is Zone,
// or else the parent of the queried name.
type SOA struct {
	// Zone is the SOA's owner, such as "198.in-addr.arpa."; empty means
	// the queried name's parent.
	Zone string
	// TTL of the SOA record itself, in seconds.
	TTL uint32
	// Minttl is the SOA MINIMUM field, in seconds.
	Minttl uint32
}

// Server is a PTR name server for tests. Addresses it does not know get
// NXDOMAIN, or the answer of Fallback if set.
type Server struct {
	// Addr is the "127.0.0.1:port" to send queries to.
	Addr string

	mu       sync.Mutex
	records  map[string]Record
	fallback func(qname string) Record
	delay    time.Duration
	queries  map[string]int
	total    atomic.Int64
	answered atomic.Int64

	stop   chan struct{}
	server *dns.Server
}

// Start runs a server until the test ends.
func Start(tb testing.TB) *Server {
	tb.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("listen: %v", err)
	}
	s := &Server{
		Addr:    pc.LocalAddr().String(),
		records: map[string]Record{},
		queries: map[string]int{},
		stop:    make(chan struct{}),
	}
	started := make(chan struct{})
	s.server = &dns.Server{PacketConn: pc, Handler: s, NotifyStartedFunc: func() { close(started) }}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = s.server.ActivateAndServe()
	}()
	<-started
	tb.Cleanup(func() {
		close(s.stop) // release handlers sleeping in a delay
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = s.server.ShutdownContext(ctx)
		<-done
	})
	return s
}

// StartNaming runs a server that names every address prefix+qname with the
// given TTL, answering after delay: a slow resolver that knows every name.
func StartNaming(tb testing.TB, prefix string, ttl uint32, delay time.Duration) *Server {
	tb.Helper()
	s := Start(tb)
	s.SetFallback(func(q string) Record { return Record{Name: prefix + q, TTL: ttl} })
	s.SetDelay(delay)
	return s
}

// Set makes the server answer r for addr.
func (s *Server) Set(addr netip.Addr, r Record) {
	qname, _ := dns.ReverseAddr(addr.String())
	s.mu.Lock()
	defer s.mu.Unlock()
	s.records[qname] = r
}

// SetFallback answers every address without its own Record.
func (s *Server) SetFallback(f func(qname string) Record) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fallback = f
}

// SetDelay makes every answer wait d.
func (s *Server) SetDelay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay = d
}

// Queries is how many queries arrived for addr.
func (s *Server) Queries(addr netip.Addr) int {
	qname, _ := dns.ReverseAddr(addr.String())
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.queries[qname]
}

// Total is how many queries arrived; Answered how many were answered.
func (s *Server) Total() int64    { return s.total.Load() }
func (s *Server) Answered() int64 { return s.answered.Load() }

// ServeDNS implements dns.Handler.
func (s *Server) ServeDNS(w dns.ResponseWriter, req *dns.Msg) {
	s.total.Add(1)
	if len(req.Question) != 1 {
		return
	}
	qname := req.Question[0].Name
	s.mu.Lock()
	s.queries[qname]++
	rec, ok := s.records[qname]
	if !ok {
		rec = Record{Rcode: dns.RcodeNameError}
		if s.fallback != nil {
			rec = s.fallback(qname)
		}
	}
	delay := s.delay
	s.mu.Unlock()
	if delay > 0 {
		t := time.NewTimer(delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-s.stop:
			return
		}
	}
	_ = w.WriteMsg(reply(req, rec))
	s.answered.Add(1)
}

func reply(req *dns.Msg, rec Record) *dns.Msg {
	resp := new(dns.Msg)
	resp.SetRcode(req, rec.Rcode)
	if rec.Rcode == dns.RcodeSuccess && rec.Name != "" {
		resp.Answer = append(resp.Answer, &dns.PTR{
			Hdr: dns.RR_Header{Name: req.Question[0].Name, Rrtype: dns.TypePTR, Class: dns.ClassINET, Ttl: rec.TTL},
			Ptr: dns.Fqdn(rec.Name),
		})
		return resp
	}
	if rec.SOA != nil && (rec.Rcode == dns.RcodeSuccess || rec.Rcode == dns.RcodeNameError) {
		resp.Ns = append(resp.Ns, soaRR(req.Question[0].Name, *rec.SOA))
	}
	return resp
}

// soaRR is the SOA of the zone qname is in: s.Zone, or else its parent.
func soaRR(qname string, s SOA) *dns.SOA {
	zone := s.Zone
	if labels := dns.Split(qname); zone == "" && len(labels) > 1 {
		zone = qname[labels[1]:]
	} else if zone == "" {
		zone = "."
	}
	return &dns.SOA{
		Hdr: dns.RR_Header{Name: zone, Rrtype: dns.TypeSOA, Class: dns.ClassINET, Ttl: s.TTL},
		Ns:  "ns.example.", Mbox: "hostmaster.example.", Serial: 1,
		Refresh: 3600, Retry: 600, Expire: 86400, Minttl: s.Minttl,
	}
}
