// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"
	"fmt"
	"time"

	"github.com/otelcol-flows/otelcol-flows/internal/estest"
	"github.com/otelcol-flows/otelcol-flows/tools/benche2e/internal/otlpsink"
)

// outSink is the end of the pipeline: it counts what the collector delivered.
type outSink interface {
	// Endpoint is what the collector's exporter is configured to send to.
	Endpoint() string
	Records() int64
	Stop()
}

type grpcSink struct{ *otlpsink.Sink }

func (s grpcSink) Endpoint() string { return s.Addr() }

// esSink is the test Elasticsearch server, in this process, keeping counts
// but not documents.
type esSink struct{ srv *estest.Server }

func (s esSink) Endpoint() string { return s.srv.URL() }

// Records counts documents Elasticsearch accepted; rejected items are not
// delivered and show up as loss.
func (s esSink) Records() int64 {
	c := s.srv.Counts()
	return int64(c.Created + c.Updated)
}

func (s esSink) Stop() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = s.srv.Shutdown(ctx)
}

// startSink starts the end of the pipeline. The test Elasticsearch only counts documents unless
// validate is set: the e2e tests check mappings, the load harness measures the collector.
func startSink(kind string, validate bool) (outSink, error) {
	switch kind {
	case "otlp":
		s, err := otlpsink.Start("127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		return grpcSink{s}, nil
	case "es":
		srv, err := estest.NewServer(estest.Options{DiscardDocs: true, SkipValidation: !validate})
		if err != nil {
			return nil, err
		}
		return esSink{srv}, nil
	}
	return nil, fmt.Errorf("-sink %q: want otlp or es", kind)
}
