// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package udpingest // import "github.com/otelcol-flows/otelcol-flows/internal/udpingest"

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"runtime"
	"strconv"
	"time"
)

// Config is the socket, queue and batch part of a flow receiver's
// configuration; receivers embed it with `mapstructure:",squash"`.
type Config struct {
	// Endpoint is the UDP address to listen on ("host:port").
	Endpoint string `mapstructure:"endpoint"`
	// Sockets is the number of UDP sockets bound to Endpoint with
	// SO_REUSEPORT, each with its own reader goroutine; the kernel spreads
	// exporters over them by flow hash. With 1 the socket is bound without
	// SO_REUSEPORT, so a busy port is always detected.
	Sockets int `mapstructure:"sockets"`
	// Workers is the number of decoding goroutines. Packets are sharded to
	// workers by exporter address so that one exporter's state lives in
	// one worker. 0 means one worker per CPU (GOMAXPROCS).
	Workers int `mapstructure:"workers"`
	// ReadBufferSize is the socket receive buffer (SO_RCVBUF) in bytes, per
	// socket. It must hold the packets that arrive while the workers are
	// busy: offered bytes per second times the longest stall. 0 keeps the
	// kernel default (net.core.rmem_default); the kernel caps the value at
	// net.core.rmem_max unless the process has CAP_NET_ADMIN.
	ReadBufferSize int `mapstructure:"read_buffer_size"`
	// QueueSize is the number of packets each worker's queue holds. When it
	// is full, packets are dropped and counted with reason "queue_full".
	QueueSize int `mapstructure:"queue_size"`
	// Batch controls how many packets are decoded into one batch before it
	// is handed to the next consumer.
	Batch BatchConfig `mapstructure:"batch"`
	// AllowedExporters is a list of CIDRs (or single addresses). When not
	// empty, packets from other sources are dropped before decoding and
	// counted with reason "not_allowed".
	AllowedExporters []string `mapstructure:"allowed_exporters"`
}

// BatchConfig bounds a batch by size and by age.
type BatchConfig struct {
	// MaxRecords flushes the batch once it holds this many log records.
	MaxRecords int `mapstructure:"max_records"`
	// Timeout flushes a non-empty batch at least this often.
	Timeout time.Duration `mapstructure:"timeout"`
}

// DefaultConfig is the flow receivers' default on endpoint: one socket,
// one worker per CPU, 16 MiB socket buffers (bursts of a few hundred
// thousand flows per second for a few tens of milliseconds), queues of
// 4096 datagrams, batches of 1024 records or 200 ms.
//
// Stalls are absorbed in the packet queues, not in batches: a queued
// datagram costs 2 KiB for about 25 flows, a decoded record about 1.5 KiB.
// 4096 datagrams per worker ride out a consumer stall of about a second at
// 200,000 flows/s over two workers (issue 17 measured stalls of 0.2-0.4 s
// dropping at 1024). Smaller batches keep the live heap, which sets the
// GC's pace, at a few MB per worker.
func DefaultConfig(endpoint string) Config {
	return Config{
		Endpoint:       endpoint,
		Sockets:        1,
		Workers:        0,
		ReadBufferSize: 16 << 20,
		QueueSize:      4096,
		Batch:          BatchConfig{MaxRecords: 1024, Timeout: 200 * time.Millisecond},
	}
}

// Validate returns one error per invalid key, each naming it; the
// receiver joins them with its own.
func (cfg *Config) Validate() []error {
	var errs []error
	if err := validateUDPEndpoint(cfg.Endpoint); err != nil {
		errs = append(errs, fmt.Errorf("'endpoint' %q must be host:port with a port from 0 to 65535: %w", cfg.Endpoint, err))
	}
	errs = AppendIf(errs, cfg.Sockets < 1, "'sockets' must be at least 1")
	errs = AppendIf(errs, cfg.Workers < 0, "'workers' must not be negative")
	errs = AppendIf(errs, cfg.ReadBufferSize < 0, "'read_buffer_size' must not be negative")
	errs = AppendIf(errs, cfg.QueueSize < 1, "'queue_size' must be at least 1")
	errs = AppendIf(errs, cfg.Batch.MaxRecords < 1, "'batch::max_records' must be at least 1")
	errs = AppendIf(errs, cfg.Batch.Timeout <= 0, "'batch::timeout' must be greater than zero")
	if _, err := ParsePrefixes(cfg.AllowedExporters); err != nil {
		errs = append(errs, fmt.Errorf("'allowed_exporters': %w", err))
	}
	return errs
}

// validateUDPEndpoint checks what the socket's bind would refuse, so that
// `otelcol-flows validate` reports it rather than the start-up. The port
// must be a number: a service name resolves differently from host to host.
func validateUDPEndpoint(endpoint string) error {
	_, port, err := net.SplitHostPort(endpoint)
	if err != nil {
		return err
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return fmt.Errorf("port %q is not a number from 0 to 65535", port)
	}
	return nil
}

// WorkerCount resolves Workers: 0 means one per CPU.
func (cfg *Config) WorkerCount() int {
	if cfg.Workers > 0 {
		return cfg.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// AppendIf appends errors.New(msg) when failed: one line per Validate rule.
func AppendIf(errs []error, failed bool, msg string) []error {
	if failed {
		return append(errs, errors.New(msg))
	}
	return errs
}

// ParsePrefixes accepts CIDRs and bare addresses (as /32 or /128).
func ParsePrefixes(list []string) ([]netip.Prefix, error) {
	prefixes := make([]netip.Prefix, 0, len(list))
	var errs []error
	for _, s := range list {
		if p, err := netip.ParsePrefix(s); err == nil {
			prefixes = append(prefixes, p.Masked())
			continue
		}
		addr, err := netip.ParseAddr(s)
		if err != nil {
			errs = append(errs, fmt.Errorf("%q is neither a CIDR nor an IP address", s))
			continue
		}
		addr = addr.Unmap()
		prefixes = append(prefixes, netip.PrefixFrom(addr, addr.BitLen()))
	}
	return prefixes, errors.Join(errs...)
}
