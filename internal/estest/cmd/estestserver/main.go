// Command estestserver runs the test Elasticsearch server (internal/estest)
// as a process, for the load harness: it prints its URL on stdout, serves
// until SIGINT/SIGTERM, and is controlled over HTTP:
//
//	GET  /_estest/counts                   counters as JSON (docs per index too)
//	POST /_estest/mode?mode=503            switch mode (normal, 429, 503)
//	POST /_estest/mode?mode=refuse&for=30s refuse connections for a while
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/otelcol-flows/otelcol-flows/internal/estest"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:9200", "loopback address to listen on")
	version := flag.String("version", "8.17.0", "Elasticsearch version to report")
	keepDocs := flag.Bool("keep-docs", false, "keep document sources in memory (counts are always kept)")
	skipValidation := flag.Bool("skip-validation", false, "count documents without decoding them or checking them against the mappings")
	flag.Parse()

	srv, err := estest.NewServer(estest.Options{Addr: *addr, Version: *version,
		DiscardDocs: !*keepDocs, SkipValidation: *skipValidation})
	if err != nil {
		fmt.Fprintln(os.Stderr, "estestserver:", err)
		os.Exit(1)
	}
	fmt.Println(srv.URL())

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = srv.Shutdown(shutdownCtx)
}
