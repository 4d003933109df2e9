// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver // import "github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver"

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"time"

	"go.opentelemetry.io/collector/component"

	"github.com/otelcol-flows/otelcol-flows/internal/packetheader"
)

// Config is the configuration of the ipfix receiver.
type Config struct {
	// Endpoint is the UDP address to listen on ("host:port"). NetFlow v5,
	// NetFlow v9 and IPFIX arrive on the same socket and are told apart by
	// the version field of each packet.
	Endpoint string `mapstructure:"endpoint"`
	// Sockets is the number of UDP sockets bound to Endpoint with
	// SO_REUSEPORT, each with its own reader goroutine; the kernel spreads
	// exporters over them by flow hash. With 1 the socket is bound without
	// SO_REUSEPORT, so a busy port is always detected.
	Sockets int `mapstructure:"sockets"`
	// Workers is the number of decoding goroutines. Packets are sharded to
	// workers by exporter address so that one exporter's templates live in
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
	// Batch controls how many packets are decoded into one plog.Logs
	// before it is handed to the next consumer.
	Batch BatchConfig `mapstructure:"batch"`
	// AllowedExporters is a list of CIDRs (or single addresses). When not
	// empty, packets from other sources are dropped before decoding and
	// counted with reason "not_allowed".
	AllowedExporters []string `mapstructure:"allowed_exporters"`
	// ExporterIdentity scopes templates, options data and sequence numbers:
	// "transport_session" (source address and port, as RFC 7011 and RFC 3954
	// define an exporter) or "address" (source address only, for exporters
	// that send one session from several source ports). Both add the NetFlow
	// version and observation domain.
	ExporterIdentity ExporterIdentity `mapstructure:"exporter_identity"`
	// Storage is the ID of a storage extension (for example file_storage)
	// used to keep templates and options data across restarts. Optional.
	Storage *component.ID `mapstructure:"storage"`
	// Limits bound the state a flood of spoofed exporters can create.
	Limits LimitsConfig `mapstructure:"limits"`
	// ScaleBySampling multiplies byte and packet counters by the sampling
	// interval the exporter announced.
	ScaleBySampling bool `mapstructure:"scale_by_sampling"`
	// Sampling supplies per-exporter sampling rates (sampling.go).
	Sampling []SamplingConfig `mapstructure:"sampling"`
	// Interfaces names interfaces of exporters (interfaces.go).
	Interfaces InterfacesConfig `mapstructure:"interfaces"`
	// NetflowCopies also emits netflow.* attributes for the elements that
	// are already mapped to ECS fields, as Filebeat does.
	NetflowCopies bool `mapstructure:"netflow_copies"`
	// Decapsulate names the tunnels ("srv6", "vxlan") whose inner packet
	// becomes the flow of a sampled packet section (dataLinkFrameSection and
	// the like); the outer addresses go to netflow.section.outer_*. Empty:
	// the outer packet is the flow.
	Decapsulate []string `mapstructure:"decapsulate"`

	// prevent unkeyed literal initialization
	_ struct{}
}

// BatchConfig bounds a batch by size and by age.
type BatchConfig struct {
	// MaxRecords flushes the batch once it holds this many log records.
	MaxRecords int `mapstructure:"max_records"`
	// Timeout flushes a non-empty batch at least this often.
	Timeout time.Duration `mapstructure:"timeout"`
}

// LimitsConfig holds the bounds on per-exporter state.
type LimitsConfig struct {
	// MaxExporters is the number of exporters (see ExporterIdentity, with
	// NetFlow version and observation domain) tracked; packets from new ones
	// beyond it are dropped with reason "limit".
	// Each worker holds its share, max_exporters/workers rounded up.
	MaxExporters int `mapstructure:"max_exporters"`
	// MaxExportersPerAddress bounds the exporters of one source address, so
	// that packets sprayed from many source ports cannot take every slot of
	// max_exporters. At the limit a new exporter replaces the address's
	// longest-silent one if that has been silent for a minute (an exporter
	// restarted from a new port); otherwise its packets are dropped with
	// reason "limit".
	MaxExportersPerAddress int `mapstructure:"max_exporters_per_address"`
	// MaxTemplatesPerExporter bounds templates per exporter and
	// observation domain.
	MaxTemplatesPerExporter int `mapstructure:"max_templates_per_exporter"`
	// MaxFieldsPerTemplate rejects templates with more fields (reason
	// "limit").
	MaxFieldsPerTemplate int `mapstructure:"max_fields_per_template"`
	// TemplateTimeout forgets templates not refreshed within it
	// (RFC 7011 section 10.3.7). 0 keeps them until the exporter restarts.
	TemplateTimeout time.Duration `mapstructure:"template_timeout"`
	// Pending bounds the data buffered while its template is unknown.
	Pending PendingConfig `mapstructure:"pending"`
}

// PendingConfig bounds the per-exporter buffer of data sets that arrived
// before their template.
type PendingConfig struct {
	// MaxRecords per exporter; 0 disables buffering (such data is dropped
	// with reason "no_template").
	MaxRecords int `mapstructure:"max_records"`
	// MaxBytes per exporter.
	MaxBytes int `mapstructure:"max_bytes"`
	// MaxAge drops buffered data older than this (reason "pending_expired").
	MaxAge time.Duration `mapstructure:"max_age"`
}

var _ component.Config = (*Config)(nil)

// Validate checks the configuration without changing it.
func (cfg *Config) Validate() error {
	var errs []error
	if err := validateUDPEndpoint(cfg.Endpoint); err != nil {
		errs = append(errs, fmt.Errorf("'endpoint' %q must be host:port with a port from 0 to 65535: %w", cfg.Endpoint, err))
	}
	errs = appendIf(errs, cfg.Sockets < 1, "'sockets' must be at least 1")
	errs = appendIf(errs, cfg.Workers < 0, "'workers' must not be negative")
	errs = appendIf(errs, cfg.ReadBufferSize < 0, "'read_buffer_size' must not be negative")
	errs = appendIf(errs, cfg.QueueSize < 1, "'queue_size' must be at least 1")
	errs = appendIf(errs, cfg.Batch.MaxRecords < 1, "'batch::max_records' must be at least 1")
	errs = appendIf(errs, cfg.Batch.Timeout <= 0, "'batch::timeout' must be greater than zero")
	if err := cfg.ExporterIdentity.check(); err != nil {
		errs = append(errs, fmt.Errorf("'exporter_identity' %w", err))
	}
	if _, err := parsePrefixes(cfg.AllowedExporters); err != nil {
		errs = append(errs, fmt.Errorf("'allowed_exporters': %w", err))
	}
	if _, err := parseTunnels(cfg.Decapsulate); err != nil {
		errs = append(errs, fmt.Errorf("'decapsulate': %w", err))
	}
	errs = append(errs, validateSampling(cfg.Sampling)...)
	errs = append(errs, cfg.Interfaces.validate()...)
	return errors.Join(append(errs, cfg.Limits.validate()...)...)
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

func (l *LimitsConfig) validate() []error {
	var errs []error
	errs = appendIf(errs, l.MaxExporters < 1, "'limits::max_exporters' must be at least 1")
	errs = appendIf(errs, l.MaxExportersPerAddress < 1, "'limits::max_exporters_per_address' must be at least 1")
	errs = appendIf(errs, l.MaxTemplatesPerExporter < 1, "'limits::max_templates_per_exporter' must be at least 1")
	errs = appendIf(errs, l.MaxFieldsPerTemplate < 1, "'limits::max_fields_per_template' must be at least 1")
	errs = appendIf(errs, l.TemplateTimeout < 0, "'limits::template_timeout' must not be negative")
	errs = appendIf(errs, l.Pending.MaxRecords < 0, "'limits::pending::max_records' must not be negative")
	errs = appendIf(errs, l.Pending.MaxBytes < 0, "'limits::pending::max_bytes' must not be negative")
	errs = appendIf(errs, l.Pending.MaxRecords > 0 && l.Pending.MaxBytes == 0,
		"'limits::pending::max_bytes' must be greater than zero when 'limits::pending::max_records' is")
	errs = appendIf(errs, l.Pending.MaxRecords > 0 && l.Pending.MaxAge <= 0,
		"'limits::pending::max_age' must be greater than zero when 'limits::pending::max_records' is")
	return errs
}

func appendIf(errs []error, failed bool, msg string) []error {
	if failed {
		return append(errs, errors.New(msg))
	}
	return errs
}

// tunnelNames are the values 'decapsulate' accepts.
var tunnelNames = map[string]packetheader.Tunnel{"srv6": packetheader.TunnelSRv6, "vxlan": packetheader.TunnelVXLAN}

// parseTunnels turns 'decapsulate' into the packet header parser's option.
func parseTunnels(names []string) (packetheader.Tunnel, error) {
	var tunnels packetheader.Tunnel
	var errs []error
	for _, n := range names {
		t, ok := tunnelNames[n]
		if !ok {
			errs = append(errs, fmt.Errorf("unknown tunnel %q (want srv6 or vxlan)", n))
		}
		tunnels |= t
	}
	return tunnels, errors.Join(errs...)
}

// parsePrefixes accepts CIDRs and bare addresses (as /32 or /128).
func parsePrefixes(list []string) ([]netip.Prefix, error) {
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
