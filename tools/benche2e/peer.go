// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"sync/atomic"
	"time"
)

// lineCounter is the end of goflow2's pipeline: it reads the JSON lines
// goflow2 writes to its standard output and counts them, one per flow.
type lineCounter struct {
	n    atomic.Int64
	done chan struct{}
}

func countLines(r io.Reader) *lineCounter {
	c := &lineCounter{done: make(chan struct{})}
	go func() {
		defer close(c.done)
		buf := make([]byte, 256<<10)
		for {
			n, err := r.Read(buf)
			c.n.Add(int64(bytes.Count(buf[:n], []byte{'\n'})))
			if err != nil {
				return
			}
		}
	}()
	return c
}

func (c *lineCounter) Endpoint() string { return "stdout" }
func (c *lineCounter) Records() int64   { return c.n.Load() }

// Stop waits for the reader, which ends when goflow2 has exited and closed
// its end of the pipe.
func (c *lineCounter) Stop() {
	select {
	case <-c.done:
	case <-time.After(5 * time.Second):
	}
}

// startGoflow2 runs goflow2 with its own defaults (one socket, its default
// workers and queue), NetFlow/IPFIX only, JSON lines to standard output,
// which the harness counts: the peer's equivalent of a sink.
func startGoflow2(ctx context.Context, bin, logPath string) (*collector, outSink, error) {
	udpPort, err1 := freePort("udp")
	metricsPort, err2 := freePort("tcp")
	if err := errors.Join(err1, err2); err != nil {
		return nil, nil, err
	}
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, nil, err
	}
	defer logFile.Close()
	c := &collector{
		metricsURL: fmt.Sprintf("http://127.0.0.1:%d/metrics", metricsPort),
		udpAddr:    fmt.Sprintf("127.0.0.1:%d", udpPort),
		exited:     make(chan error, 1),
		http:       &http.Client{Timeout: 5 * time.Second},
	}
	c.cmd = exec.Command(bin,
		"-listen", "netflow://"+c.udpAddr,
		"-addr", fmt.Sprintf("127.0.0.1:%d", metricsPort),
		"-format", "json", "-transport", "file", "-loglevel", "warn")
	c.cmd.Stderr = logFile
	stdout, err := c.cmd.StdoutPipe()
	if err != nil {
		return nil, nil, err
	}
	if err := c.cmd.Start(); err != nil {
		return nil, nil, err
	}
	out := countLines(stdout)
	go func() { <-out.done; c.exited <- c.cmd.Wait() }()
	if err := c.waitReady(ctx); err != nil {
		return nil, nil, errors.Join(fmt.Errorf("goflow2 not ready (log: %s): %w", logPath, err), c.stop())
	}
	return c, out, nil
}

// runPeer runs the same steps, rates and bisection against goflow2.
func runPeer(ctx context.Context, o options) ([]stepResult, error) {
	col, out, err := startGoflow2(ctx, o.peerBin, o.collector.logPath+".goflow2")
	if err != nil {
		return nil, err
	}
	defer out.Stop()
	b := &bench{col: col, out: out, opts: o.gen, drainIdle: o.drainIdle, sameDomains: true}
	b.opts.target = col.udpAddr
	o.burst = 0
	rows, err := b.runAll(ctx, o)
	return rows, errors.Join(err, col.stop())
}
