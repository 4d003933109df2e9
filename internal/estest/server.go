// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package estest is a test-only Elasticsearch protocol server: enough of the
// REST API for the upstream elasticsearch exporter (go-docappender bulk
// requests) and for scripts/es-setup.sh, with documents checked against the
// installed templates' mappings and failure modes to test outages.
// It listens on loopback only.
package estest // import "github.com/otelcol-flows/otelcol-flows/internal/estest"

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Mode is how the server answers.
type Mode int

const (
	// ModeNormal serves requests.
	ModeNormal Mode = iota
	// ModeTooManyRequests answers every API request with 429, as a node whose
	// write queue is full (es_rejected_execution_exception).
	ModeTooManyRequests
	// ModeUnavailable answers every API request with 503, as a cluster without a master.
	ModeUnavailable
	// ModeRefuse closes the listener and every open connection: clients get
	// "connection refused" until another mode reopens the same port.
	ModeRefuse
	// ModeLoseResponse indexes each bulk request, then closes the connection
	// without answering, as when a response is lost on the way: the client
	// retries a request that already took effect. Other requests are served.
	ModeLoseResponse
)

var modeNames = map[string]Mode{
	"normal": ModeNormal, "429": ModeTooManyRequests, "503": ModeUnavailable,
	"refuse": ModeRefuse, "lose-response": ModeLoseResponse,
}

// ParseMode parses "normal", "429", "503", "refuse" or "lose-response".
func ParseMode(s string) (Mode, error) {
	if m, ok := modeNames[s]; ok {
		return m, nil
	}
	return 0, fmt.Errorf("unknown mode %q (normal, 429, 503, refuse, lose-response)", s)
}

// Options configure a Server. The zero value is usable.
type Options struct {
	// Addr to listen on; default 127.0.0.1:0. Only loopback addresses are accepted.
	Addr string
	// Version reported by GET /; default 8.17.0. From 8.8 on, Elasticsearch
	// reports document parse failures as document_parsing_exception, before as
	// mapper_parsing_exception; the server follows the version it reports.
	Version string
	// DiscardDocs keeps only counts, not documents (for load tests).
	DiscardDocs bool
	// SkipValidation neither decodes documents nor checks them against the
	// mappings: each item is only counted (and its _id checked for
	// conflicts). For load tests, where the server must not compete with the
	// collector for CPU. Implies DiscardDocs.
	SkipValidation bool
}

// Server is a running test Elasticsearch.
type Server struct {
	opts Options
	addr string

	lnMu    sync.Mutex // guards srv, done, closed across mode switches
	srv     *http.Server
	done    chan struct{}
	closed  bool // set by Close and Shutdown: no mode switch reopens the port
	timerMu sync.Mutex
	timer   *time.Timer

	mu                 sync.Mutex
	mode               Mode
	indices            map[string]*index
	indexTemplates     map[string]*indexTemplate
	componentTemplates map[string]map[string]any
	ilmPolicies        map[string]ilmPolicy
	counts             Counts
	seqNo              int64
}

type ilmPolicy struct {
	policy  map[string]any
	version int
}

// NewServer starts a server on opts.Addr (127.0.0.1:0 by default).
func NewServer(opts Options) (*Server, error) {
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	if opts.SkipValidation {
		opts.DiscardDocs = true
	}
	if opts.Version == "" {
		opts.Version = "8.17.0"
	}
	host, _, err := net.SplitHostPort(opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("addr: %w", err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("addr %q: estest listens on loopback only", opts.Addr)
	}
	s := &Server{
		opts:               opts,
		indices:            map[string]*index{},
		indexTemplates:     map[string]*indexTemplate{},
		componentTemplates: map[string]map[string]any{},
		ilmPolicies:        map[string]ilmPolicy{},
	}
	if err := s.listen(opts.Addr); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Server) listen(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	if s.addr == "" {
		// Set once: reopening after ModeRefuse binds the same address.
		s.addr = ln.Addr().String()
	}
	srv := &http.Server{Handler: http.HandlerFunc(s.serveHTTP), ReadHeaderTimeout: 10 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(ln)
	}()
	s.srv, s.done = srv, done
	return nil
}

// stopListening closes the listener and all connections and waits for Serve to return.
func (s *Server) stopListening() {
	if s.srv == nil {
		return
	}
	_ = s.srv.Close()
	<-s.done
	s.srv, s.done = nil, nil
}

// URL is the base URL, e.g. http://127.0.0.1:41234. It stays the same across modes.
func (s *Server) URL() string { return "http://" + s.addr }

// Addr is host:port.
func (s *Server) Addr() string { return s.addr }

// SetMode switches how the server answers. ModeRefuse closes the port;
// any other mode reopens it on the same address.
func (s *Server) SetMode(m Mode) error {
	s.stopTimer()
	return s.setMode(m)
}

// SetModeFor switches to m for d, then back to ModeNormal.
func (s *Server) SetModeFor(m Mode, d time.Duration) error {
	if err := s.SetMode(m); err != nil {
		return err
	}
	s.timerMu.Lock()
	defer s.timerMu.Unlock()
	s.timer = time.AfterFunc(d, func() { _ = s.setMode(ModeNormal) })
	return nil
}

func (s *Server) stopTimer() {
	s.timerMu.Lock()
	defer s.timerMu.Unlock()
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
}

// errClosed refuses a mode switch after Close: a SetModeFor timer that fired
// as Close ran would otherwise reopen the port and leak its Serve goroutine.
var errClosed = errors.New("estest: server closed")

func (s *Server) setMode(m Mode) error {
	s.lnMu.Lock()
	defer s.lnMu.Unlock()
	if s.closed {
		return errClosed
	}
	s.mu.Lock()
	s.mode = m
	s.mu.Unlock()
	if m == ModeRefuse {
		s.stopListening()
		return nil
	}
	if s.srv == nil {
		return s.listen(s.addr)
	}
	return nil
}

// Mode returns the current mode.
func (s *Server) Mode() Mode {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mode
}

// Close stops the server. It is safe to call more than once.
func (s *Server) Close() error {
	s.stopTimer()
	s.lnMu.Lock()
	defer s.lnMu.Unlock()
	s.closed = true
	s.stopListening()
	return nil
}

// Shutdown stops the server gracefully, letting in-flight requests finish.
func (s *Server) Shutdown(ctx context.Context) error {
	s.stopTimer()
	s.lnMu.Lock()
	defer s.lnMu.Unlock()
	s.closed = true
	if s.srv == nil {
		return nil
	}
	err := s.srv.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		_ = s.srv.Close()
	}
	<-s.done
	s.srv, s.done = nil, nil
	return err
}
