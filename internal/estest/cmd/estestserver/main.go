// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Command estestserver runs the test Elasticsearch server (internal/estest)
// as a process, for the load harness: it prints its URL on stdout, serves
// until SIGINT/SIGTERM, and is controlled over HTTP:
//
//	GET  /_estest/counts                   counters as JSON (docs per index too)
//	POST /_estest/mode?mode=503            switch mode (normal, 429, 503, lose-response)
//	POST /_estest/mode?mode=refuse&for=30s refuse connections for a while
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/otelcol-flows/otelcol-flows/internal/estest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "estestserver:", err)
		os.Exit(1)
	}
}

// run serves until ctx is done, after writing the server's URL to out.
func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("estestserver", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:9200", "loopback address to listen on")
	version := fs.String("version", "8.17.0", "Elasticsearch version to report")
	keepDocs := fs.Bool("keep-docs", false, "keep document sources in memory (counts are always kept)")
	skipValidation := fs.Bool("skip-validation", false, "count documents without decoding them or checking them against the mappings")
	if err := fs.Parse(args); err != nil {
		return err
	}
	srv, err := estest.NewServer(estest.Options{Addr: *addr, Version: *version,
		DiscardDocs: !*keepDocs, SkipValidation: *skipValidation})
	if err != nil {
		return err
	}
	fmt.Fprintln(out, srv.URL())
	<-ctx.Done()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shutdownCtx)
}
