// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"time"

	"github.com/otelcol-flows/otelcol-flows/tools/benche2e/internal/procstat"
	"github.com/otelcol-flows/otelcol-flows/tools/benche2e/internal/promtext"
)

// collector is a running otelcol-flows process under test.
type collector struct {
	cmd        *exec.Cmd
	metricsURL string
	udpAddr    string
	otlpAddr   string // for the harness self-test config
	exited     chan error
	http       *http.Client
}

// collectorOptions are the values the config files read from the
// environment (${env:BENCH_...}).
type collectorOptions struct {
	bin, config, logPath string
	sinkEndpoint         string
	sockets, workers     int
	readBuffer           int
	// set are --set options, to vary a shipped config without a copy.
	set []string
	// extraEnv is added to the collector's environment (enrichment
	// services for the Elasticsearch pipeline).
	extraEnv []string
}

// freePort asks the kernel for a free loopback port of the given network.
func freePort(network string) (int, error) {
	if network == "udp" {
		c, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			return 0, err
		}
		defer c.Close()
		return c.LocalAddr().(*net.UDPAddr).Port, nil
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func startCollector(ctx context.Context, o collectorOptions) (*collector, error) {
	udpPort, err1 := freePort("udp")
	metricsPort, err2 := freePort("tcp")
	otlpPort, err3 := freePort("tcp")
	if err := errors.Join(err1, err2, err3); err != nil {
		return nil, err
	}
	logFile, err := os.Create(o.logPath)
	if err != nil {
		return nil, err
	}
	defer logFile.Close() // the child keeps its own descriptor
	c := &collector{
		metricsURL: fmt.Sprintf("http://127.0.0.1:%d/metrics", metricsPort),
		udpAddr:    fmt.Sprintf("127.0.0.1:%d", udpPort),
		otlpAddr:   fmt.Sprintf("127.0.0.1:%d", otlpPort),
		exited:     make(chan error, 1),
		http:       &http.Client{Timeout: 5 * time.Second},
	}
	args := []string{"--config", o.config}
	for _, s := range o.set {
		args = append(args, "--set", s)
	}
	c.cmd = exec.Command(o.bin, args...)
	c.cmd.Stdout, c.cmd.Stderr = logFile, logFile
	c.cmd.Env = append(os.Environ(),
		"BENCH_UDP_ENDPOINT="+c.udpAddr,
		"BENCH_OTLP_ENDPOINT="+c.otlpAddr,
		"BENCH_METRICS_PORT="+strconv.Itoa(metricsPort),
		"BENCH_SINK_ENDPOINT="+o.sinkEndpoint,
		"BENCH_SOCKETS="+strconv.Itoa(o.sockets),
		"BENCH_WORKERS="+strconv.Itoa(o.workers),
		"BENCH_READ_BUFFER="+strconv.Itoa(o.readBuffer),
	)
	c.cmd.Env = append(c.cmd.Env, o.extraEnv...)
	c.cmd.Env = append(c.cmd.Env, distributionEnv(c, metricsPort)...)
	if err := c.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { c.exited <- c.cmd.Wait() }()
	if err := c.waitReady(ctx); err != nil {
		return nil, errors.Join(fmt.Errorf("collector not ready (log: %s): %w", o.logPath, err), c.stop())
	}
	return c, nil
}

func (c *collector) pid() int { return c.cmd.Process.Pid }

// waitReady waits for the telemetry endpoint to answer, which the collector
// starts after its pipelines, so the receiver's socket is bound by then.
func (c *collector) waitReady(ctx context.Context) error {
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-c.exited:
			c.exited <- err
			return fmt.Errorf("exited during start-up: %v", err)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
		if _, err := promtext.Scrape(ctx, c.http, c.metricsURL); err == nil {
			return nil
		}
	}
	return errors.New("telemetry endpoint did not answer within 60s")
}

func (c *collector) scrape(ctx context.Context) (promtext.Samples, error) {
	return promtext.Scrape(ctx, c.http, c.metricsURL)
}

// usage is the process's CPU, memory and UDP socket counters at one moment.
type usage struct {
	cpu time.Duration
	mem procstat.Memory
	udp procstat.UDPStats
}

func (c *collector) usage() (usage, error) {
	var u usage
	var err1, err2, err3, err4 error
	u.cpu, err1 = procstat.CPUTime(c.pid())
	u.mem, err2 = procstat.ReadMemory(c.pid())
	inodes, err3 := procstat.SocketInodes(c.pid())
	if err3 == nil {
		u.udp, err4 = procstat.ReadUDP(inodes)
	}
	return u, errors.Join(err1, err2, err3, err4)
}

// stop sends SIGTERM, and SIGKILL if the collector has not exited in 15s.
func (c *collector) stop() error {
	defer c.http.CloseIdleConnections()
	if c.cmd.Process == nil {
		return nil
	}
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-c.exited:
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			return fmt.Errorf("collector exit: %w", err)
		}
		return err
	case <-time.After(15 * time.Second):
		_ = c.cmd.Process.Kill()
		<-c.exited
		return errors.New("collector did not stop on SIGTERM within 15s; killed")
	}
}

// distributionEnv points the shipped distribution configs (which read
// OTELCOL_FLOWS_* and ELASTICSEARCH_URL) at the harness, so that
// distribution/otel-elasticsearch.yaml is benchmarked as shipped. Ports the
// harness does not use are still moved off their defaults so that the run
// does not collide with anything else on the machine.
func distributionEnv(c *collector, metricsPort int) []string {
	netflowPort, _ := freePort("udp")
	sflowPort, _ := freePort("udp")
	healthPort, _ := freePort("tcp")
	return []string{
		"OTELCOL_FLOWS_IPFIX_ENDPOINT=" + c.udpAddr,
		fmt.Sprintf("OTELCOL_FLOWS_NETFLOW_ENDPOINT=127.0.0.1:%d", netflowPort),
		fmt.Sprintf("OTELCOL_FLOWS_SFLOW_ENDPOINT=127.0.0.1:%d", sflowPort),
		fmt.Sprintf("OTELCOL_FLOWS_HEALTH_ENDPOINT=127.0.0.1:%d", healthPort),
		"OTELCOL_FLOWS_METRICS_PORT=" + strconv.Itoa(metricsPort),
	}
}
