// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver // import "github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver"

import (
	"errors"
	"fmt"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap/xconfmap"

	"github.com/otelcol-flows/otelcol-flows/internal/packetheader"
	"github.com/otelcol-flows/otelcol-flows/internal/udpingest"
)

var _ xconfmap.Validator = (*Config)(nil)

// Config is the configuration of the ipfix receiver.
type Config struct {
	// Config holds the socket, worker, queue, batch and allowed_exporters
	// keys shared with the other flow receivers. NetFlow v5, NetFlow v9
	// and IPFIX arrive on the same socket and are told apart by the
	// version field of each packet.
	udpingest.Config `mapstructure:",squash"`
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
	// CustomElements names and types vendor information elements
	// (custom_elements.go).
	CustomElements CustomElementsConfig `mapstructure:"custom_elements"`
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

// Validate checks the configuration without changing it.
func (cfg *Config) Validate() error {
	errs := cfg.Config.Validate()
	if err := cfg.ExporterIdentity.check(); err != nil {
		errs = append(errs, fmt.Errorf("'exporter_identity' %w", err))
	}
	if _, err := parseTunnels(cfg.Decapsulate); err != nil {
		errs = append(errs, fmt.Errorf("'decapsulate': %w", err))
	}
	errs = append(errs, validateSampling(cfg.Sampling)...)
	errs = append(errs, cfg.Interfaces.validate()...)
	errs = append(errs, cfg.CustomElements.validate()...)
	return errors.Join(append(errs, cfg.Limits.validate()...)...)
}

func (l *LimitsConfig) validate() []error {
	var errs []error
	errs = udpingest.AppendIf(errs, l.MaxExporters < 1, "'limits::max_exporters' must be at least 1")
	errs = udpingest.AppendIf(errs, l.MaxExportersPerAddress < 1, "'limits::max_exporters_per_address' must be at least 1")
	errs = udpingest.AppendIf(errs, l.MaxTemplatesPerExporter < 1, "'limits::max_templates_per_exporter' must be at least 1")
	errs = udpingest.AppendIf(errs, l.MaxFieldsPerTemplate < 1, "'limits::max_fields_per_template' must be at least 1")
	errs = udpingest.AppendIf(errs, l.TemplateTimeout < 0, "'limits::template_timeout' must not be negative")
	errs = udpingest.AppendIf(errs, l.Pending.MaxRecords < 0, "'limits::pending::max_records' must not be negative")
	errs = udpingest.AppendIf(errs, l.Pending.MaxBytes < 0, "'limits::pending::max_bytes' must not be negative")
	errs = udpingest.AppendIf(errs, l.Pending.MaxRecords > 0 && l.Pending.MaxBytes == 0,
		"'limits::pending::max_bytes' must be greater than zero when 'limits::pending::max_records' is")
	errs = udpingest.AppendIf(errs, l.Pending.MaxRecords > 0 && l.Pending.MaxAge <= 0,
		"'limits::pending::max_age' must be greater than zero when 'limits::pending::max_records' is")
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
