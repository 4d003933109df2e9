// Package otlpsink is an OTLP/gRPC logs server that only counts what it
// receives: the end of the pipeline in the end-to-end benchmark.
package otlpsink

import (
	"context"
	"net"
	"sync/atomic"

	"go.opentelemetry.io/collector/pdata/plog/plogotlp"
	"google.golang.org/grpc"
)

// Sink counts log records and export requests.
type Sink struct {
	plogotlp.UnimplementedGRPCServer
	records  atomic.Int64
	requests atomic.Int64
	srv      *grpc.Server
	ln       net.Listener
	done     chan struct{}
}

// Start listens on addr (127.0.0.1:0 picks a port) and serves until Stop.
func Start(addr string) (*Sink, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	// The collector's default max message is 4 MiB on the client side too;
	// allow larger so that a big batch is counted rather than refused.
	s := &Sink{srv: grpc.NewServer(grpc.MaxRecvMsgSize(64 << 20)), ln: ln, done: make(chan struct{})}
	plogotlp.RegisterGRPCServer(s.srv, s)
	go func() {
		defer close(s.done)
		_ = s.srv.Serve(ln) // returns when Stop closes the listener
	}()
	return s, nil
}

// Export counts the records of one request and accepts it.
func (s *Sink) Export(_ context.Context, req plogotlp.ExportRequest) (plogotlp.ExportResponse, error) {
	s.records.Add(int64(req.Logs().LogRecordCount()))
	s.requests.Add(1)
	return plogotlp.NewExportResponse(), nil
}

// Addr is the address the collector's otlp exporter should send to.
func (s *Sink) Addr() string { return s.ln.Addr().String() }

// Records is the number of log records received so far.
func (s *Sink) Records() int64 { return s.records.Load() }

// Requests is the number of export requests received so far.
func (s *Sink) Requests() int64 { return s.requests.Load() }

// Stop closes the listener and connections and waits for the server.
func (s *Sink) Stop() {
	s.srv.Stop()
	<-s.done
}
