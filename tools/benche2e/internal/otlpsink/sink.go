// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package otlpsink is an OTLP/gRPC logs server that only counts what it
// receives: the end of the pipeline in the end-to-end benchmark.
//
// It counts log records by walking the protobuf wire format instead of
// unmarshalling into pdata (plogotlp's server): on the two cores shared with
// the collector, full unmarshalling cost 0.4 to 0.7 of a core at 50,000 to
// 100,000 records per second, CPU the collector under test then lacked.
package otlpsink

import (
	"context"
	"net"
	"sync/atomic"

	"google.golang.org/grpc"
	_ "google.golang.org/grpc/encoding/gzip" // accept gzip-compressed exports too
)

// Sink counts log records and export requests.
type Sink struct {
	records  atomic.Int64
	requests atomic.Int64
	srv      *grpc.Server
	ln       net.Listener
	done     chan struct{}
}

// logsService is the OTLP LogsService with its one method; the request is
// handed over as bytes by rawCodec.
var logsService = grpc.ServiceDesc{
	ServiceName: "opentelemetry.proto.collector.logs.v1.LogsService",
	HandlerType: (*any)(nil),
	Methods:     []grpc.MethodDesc{{MethodName: "Export", Handler: exportHandler}},
	Metadata:    "opentelemetry/proto/collector/logs/v1/logs_service.proto",
}

// Start listens on addr (127.0.0.1:0 picks a port) and serves until Stop.
func Start(addr string) (*Sink, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	// The sender's batches can exceed gRPC's 4 MiB default; count them
	// rather than refuse them.
	srv := grpc.NewServer(grpc.ForceServerCodecV2(rawCodec{}), grpc.MaxRecvMsgSize(256<<20))
	s := &Sink{srv: srv, ln: ln, done: make(chan struct{})}
	srv.RegisterService(&logsService, s)
	go func() {
		defer close(s.done)
		_ = srv.Serve(ln) // returns when Stop closes the listener
	}()
	return s, nil
}

func exportHandler(srv any, _ context.Context, dec func(any) error, _ grpc.UnaryServerInterceptor) (any, error) {
	var req exportRequest
	if err := dec(&req); err != nil {
		return nil, err
	}
	s := srv.(*Sink)
	s.records.Add(req.records)
	s.requests.Add(1)
	// An empty ExportLogsServiceResponse: full success.
	return &exportRequest{}, nil
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
