// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"sync/atomic"
	"time"
)

// lineCounter is the end of goflow2's pipeline: goflow2 writes one JSON
// line per flow to a file (its file transport, as a user runs it), and the
// counter follows the file as it grows. A pipe to the harness was tried
// first: goflow2 writes each flow with its own write(2), so the harness woke
// once per flow and took about a core from the machine both share.
type lineCounter struct {
	n    atomic.Int64
	f    *os.File
	stop chan struct{}
	done chan struct{}
}

// followLines counts the lines appended to path until Stop. What it has
// counted is punched out of the file (it lives on tmpfs when /dev/shm
// exists), so a run of many steps does not fill memory or disk.
func followLines(path string) (*lineCounter, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	c := &lineCounter{f: f, stop: make(chan struct{}), done: make(chan struct{})}
	go c.follow()
	return c, nil
}

func (c *lineCounter) follow() {
	defer close(c.done)
	buf := make([]byte, 1<<20)
	var off, punched int64
	for {
		n, err := c.f.ReadAt(buf, off)
		c.n.Add(int64(bytes.Count(buf[:n], []byte{'\n'})))
		off += int64(n)
		if off-punched >= 64<<20 {
			punchHole(c.f, punched, off-punched)
			punched = off
		}
		if n > 0 && err == nil {
			continue
		}
		select {
		case <-c.stop:
			return
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func (c *lineCounter) Endpoint() string { return c.f.Name() }
func (c *lineCounter) Records() int64   { return c.n.Load() }

// Stop counts what goflow2 wrote last and removes the file.
func (c *lineCounter) Stop() {
	close(c.stop)
	<-c.done
	name := c.f.Name()
	_ = c.f.Close()
	_ = os.Remove(name)
}

// peerOutputPath is where goflow2 writes: tmpfs when there is one, so the
// file costs neither disk I/O nor, once punched, memory.
func peerOutputPath() (string, error) {
	dir := os.TempDir()
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		dir = "/dev/shm"
	}
	f, err := os.CreateTemp(dir, "benche2e-goflow2-*.jsonl")
	if err != nil {
		return "", err
	}
	return f.Name(), f.Close()
}

// startGoflow2 runs goflow2 with its own defaults (one socket, its default
// workers and queue), NetFlow/IPFIX only, JSON lines to a file, which the
// harness counts: the peer's equivalent of a sink.
func startGoflow2(ctx context.Context, bin, logPath string) (*collector, outSink, error) {
	udpPort, err1 := freePort("udp")
	metricsPort, err2 := freePort("tcp")
	if err := errors.Join(err1, err2); err != nil {
		return nil, nil, err
	}
	outPath, err := peerOutputPath()
	if err != nil {
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
		"-format", "json", "-transport", "file", "-transport.file", outPath, "-loglevel", "warn")
	c.cmd.Stderr = logFile
	if err := c.cmd.Start(); err != nil {
		return nil, nil, err
	}
	out, err := followLines(outPath)
	if err != nil {
		return nil, nil, errors.Join(err, c.cmd.Process.Kill())
	}
	go func() { c.exited <- c.cmd.Wait() }()
	if err := c.waitReady(ctx); err != nil {
		return nil, nil, errors.Join(fmt.Errorf("goflow2 not ready (log: %s): %w", logPath, err), c.stop())
	}
	return c, out, nil
}

// runCompare runs otelcol-flows and goflow2 side by side, alternating step by
// step (warm-up, each rate, each bisection), so that both meet the machine at
// the same speed: this VM runs for minutes at a time up to 1.7x faster or
// slower, which would skew a ratio taken from one side's steps and then the
// other's. Only otelcol-flows gets the burst.
func runCompare(ctx context.Context, o options) (ours, peer []stepResult, err error) {
	a, stopOurs, err := startOurs(ctx, o)
	if err != nil {
		return nil, nil, err
	}
	defer func() { err = errors.Join(err, stopOurs(ctx)) }()
	col, out, err := startGoflow2(ctx, o.peerBin, o.collector.logPath+".goflow2")
	if err != nil {
		return nil, nil, err
	}
	defer out.Stop()
	defer func() { err = errors.Join(err, col.stop()) }()
	p := &bench{name: "goflow2", col: col, out: out, opts: o.gen, drainIdle: o.drainIdle, sameDomains: true}
	p.opts.target = col.udpAddr
	logf("goflow2 (%s): the same steps, alternating with ours", o.peerBin)
	sides := []*bench{a, p}
	rows := make([][]stepResult, len(sides))
	for _, b := range sides {
		if err := b.warmUp(ctx, o); err != nil {
			return nil, nil, err
		}
	}
	// The other side must be idle when a side's step starts: goflow2 goes on
	// draining its queue of up to 1,000,000 datagrams for minutes after an
	// overload, and that CPU would be taken from our next step.
	quiet := func(b *bench) {
		for _, other := range sides {
			if other != b {
				other.settleWithin(ctx, 5*time.Minute)
			}
		}
	}
	for _, rate := range o.rates {
		for i, b := range sides {
			quiet(b)
			r, err := b.loggedStep(ctx, o, "step", rate)
			if err != nil {
				return rows[0], rows[1], err
			}
			rows[i] = append(rows[i], r)
		}
	}
	for range o.refine {
		for i, b := range sides {
			rate, ok := nextRefineRate(rows[i])
			if !ok {
				continue
			}
			quiet(b)
			r, err := b.loggedStep(ctx, o, "refine", rate)
			if err != nil {
				return rows[0], rows[1], err
			}
			rows[i] = append(rows[i], r)
		}
	}
	quiet(a)
	rows[0], err = a.burst(ctx, o, rows[0])
	return rows[0], rows[1], err
}
