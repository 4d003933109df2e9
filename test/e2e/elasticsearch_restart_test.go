// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/otelcol-flows/otelcol-flows/internal/estest"
)

// TestElasticsearchQueueSurvivesRestart: flows received while Elasticsearch
// refuses connections wait in the on-disk queue (blob_storage over file_storage); the collector is stopped
// during the outage and started again on the same state directory; once
// Elasticsearch is back, every flow is indexed once.
//
// During an outage SIGTERM does not end the collector: the exporter's
// queue consumers retry the bulk request in flight with no way to be
// cancelled (exporterhelper v0.156.0 runs them on context.Background()).
// systemd then kills it after TimeoutStopSec; the request in flight was never
// acknowledged to the queue, so it is read again from disk at start.
func TestElasticsearchQueueSurvivesRestart(t *testing.T) {
	p := startESPipeline(t)
	if err := p.es.SetMode(estest.ModeRefuse); err != nil {
		t.Fatal(err)
	}
	conn := dialUDP(t, p.ipfixAddr)
	const n = 300
	sendIPFIX(t, conn, 0, numberedFlows(0, n, "81.2.69.142", time.Now()), 10)
	time.Sleep(3 * time.Second) // past the 1s batch flush: the records are in the queue
	// blob_storage keeps each queued request (here over its 64 KiB min_size) in a file of its own.
	blobs, err := filepath.Glob(filepath.Join(p.stateDir, "queue", "exporter_elasticsearch__logs", "*.blob"))
	if err != nil || len(blobs) == 0 {
		t.Fatalf("no queued request in a blob file (err %v)", err)
	}
	if p.terminate(5 * time.Second) {
		t.Log("the collector exited on SIGTERM during the outage")
	} else {
		t.Log("the collector was still retrying 5s after SIGTERM and was killed")
	}

	if err := p.es.SetMode(estest.ModeNormal); err != nil {
		t.Fatal(err)
	}
	p.restart(t)
	p.waitDocs(t, n, 60*time.Second)
	time.Sleep(time.Second)
	seen := flowPorts(p.es)
	for i := 0; i < n; i++ {
		if seen[int64(20000+i)] != 1 {
			t.Errorf("flow %d indexed %d times", i, seen[int64(20000+i)])
		}
	}
	p.col.Stop(t)
}

// TestElasticsearchMemoryQueue: with OTELCOL_FLOWS_ES_QUEUE_STORAGE=null the
// exporter's queue is in memory (the faster choice, lost in a crash): flows
// are indexed once each, and the state directory holds the receivers'
// templates but no exporter queue.
func TestElasticsearchMemoryQueue(t *testing.T) {
	t.Setenv("OTELCOL_FLOWS_ES_QUEUE_STORAGE", "null")
	p := startESPipeline(t)
	conn := dialUDP(t, p.ipfixAddr)
	const n = 200
	sendIPFIX(t, conn, 0, numberedFlows(0, n, "81.2.69.142", time.Now()), 10)
	p.waitDocs(t, n, 30*time.Second)
	p.col.Stop(t)
	seen := flowPorts(p.es)
	for i := 0; i < n; i++ {
		if seen[int64(20000+i)] != 1 {
			t.Errorf("flow %d indexed %d times", i, seen[int64(20000+i)])
		}
	}
	entries, err := os.ReadDir(p.stateDir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if _, err := os.Stat(filepath.Join(p.stateDir, "exporter_elasticsearch__logs")); !os.IsNotExist(err) {
		t.Errorf("the exporter's queue is on disk (state directory: %v)", names)
	}
	if len(names) == 0 {
		t.Errorf("no receiver templates in the state directory")
	}
}
