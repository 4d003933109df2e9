// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package protocolnameprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/protocolnameprocessor"

import (
	"errors"
	"fmt"

	"go.opentelemetry.io/collector/confmap/xconfmap"
)

var (
	errEmptyAttribute = errors.New("must name an attribute")
	errNothingEnabled = errors.New("at least one of 'protocol', 'tcp_flags', 'icmp' or 'service' must be enabled")
	errNoICMPTarget   = errors.New("'icmp' is enabled but all its targets are empty")
	errNoICMPSource   = errors.New("'icmp' is enabled but all its sources are empty")
	errNoServicePort  = errors.New("'service' is enabled but both 'service.source_port' and 'service.destination_port' are empty")
)

var _ xconfmap.Validator = (*Config)(nil)

// Config configures the four mappings. Every source and target is a log
// record attribute key; a source value may be an int or a decimal string.
type Config struct {
	// Protocol names the IP protocol number. Its source is also what the
	// icmp and service mappings read to learn the protocol, even when
	// protocol.enabled is false.
	Protocol ProtocolConfig `mapstructure:"protocol"`
	// TCPFlags names the TCP control bits.
	TCPFlags TCPFlagsConfig `mapstructure:"tcp_flags"`
	// ICMP names ICMP and ICMPv6 types and codes.
	ICMP ICMPConfig `mapstructure:"icmp"`
	// Service names the well-known service of a TCP or UDP port pair (opt-in).
	Service ServiceConfig `mapstructure:"service"`
}

// ProtocolConfig maps network.iana_number to network.transport.
type ProtocolConfig struct {
	// Enabled turns the mapping on.
	Enabled bool `mapstructure:"enabled"`
	// Source holds the IP protocol number (0-255).
	Source string `mapstructure:"source"`
	// Target receives the IANA keyword.
	Target string `mapstructure:"target"`
	// Case is lower ("ipv6-icmp", ECS), upper ("IPV6-ICMP") or iana
	// ("IPv6-ICMP", the registry's spelling and the seed's translate output).
	Case KeywordCase `mapstructure:"case"`
	// Override replaces a target that is already set.
	Override bool `mapstructure:"override"`
}

// TCPFlagsConfig maps netflow.tcp_control_bits to a list of flag names.
type TCPFlagsConfig struct {
	// Enabled turns the mapping on.
	Enabled bool `mapstructure:"enabled"`
	// Source holds the control bits (RFC 7125 tcpControlBits).
	Source string `mapstructure:"source"`
	// Target receives the names of the bits set, lowest bit first.
	Target string `mapstructure:"target"`
	// Format is list (a string array, ["syn","ack"]) or string ("syn,ack",
	// cheaper: one value instead of an array).
	Format FlagFormat `mapstructure:"format"`
	// Override replaces a target that is already set.
	Override bool `mapstructure:"override"`
}

// ICMPConfig maps ICMP type and code numbers to names.
type ICMPConfig struct {
	// Enabled turns the mapping on.
	Enabled bool `mapstructure:"enabled"`
	// IPv4 lists where ICMP (protocol 1) type and code are found.
	IPv4 ICMPSources `mapstructure:"ipv4"`
	// IPv6 lists where ICMPv6 (protocol 58) type and code are found.
	IPv6 ICMPSources `mapstructure:"ipv6"`
	// PortSource is read as type*256+code when the protocol is ICMP or
	// ICMPv6 and no ICMP field is present: NetFlow v5/v9 exporters carry
	// ICMP that way in the destination port. Empty disables the fallback.
	PortSource string `mapstructure:"port_source"`
	// TypeTarget receives the type number (int); empty to skip.
	TypeTarget string `mapstructure:"type_target"`
	// CodeTarget receives the code number (int); empty to skip.
	CodeTarget string `mapstructure:"code_target"`
	// TypeNameTarget receives the type name; empty to skip.
	TypeNameTarget string `mapstructure:"type_name_target"`
	// CodeNameTarget receives the code name; empty to skip.
	CodeNameTarget string `mapstructure:"code_name_target"`
	// Override replaces targets that are already set.
	Override bool `mapstructure:"override"`
}

// ICMPSources names the attributes of one ICMP version; empty keys are skipped.
type ICMPSources struct {
	// TypeCode holds type*256+code (IPFIX icmpTypeCodeIPv4/IPv6); read first.
	TypeCode string `mapstructure:"type_code"`
	// Type holds the type (IPFIX icmpTypeIPv4/IPv6).
	Type string `mapstructure:"type"`
	// Code holds the code (IPFIX icmpCodeIPv4/IPv6).
	Code string `mapstructure:"code"`
}

// ServiceConfig maps a TCP or UDP port pair to a well-known service name.
type ServiceConfig struct {
	// Enabled turns the mapping on (off by default: a port is a hint, not
	// proof of the application).
	Enabled bool `mapstructure:"enabled"`
	// SourcePort holds the source port.
	SourcePort string `mapstructure:"source_port"`
	// DestinationPort holds the destination port.
	DestinationPort string `mapstructure:"destination_port"`
	// Target receives the IANA service name.
	Target string `mapstructure:"target"`
	// Override replaces a target that is already set.
	Override bool `mapstructure:"override"`
}

// Validate checks the configuration without changing it.
func (cfg *Config) Validate() error {
	if !cfg.Protocol.Enabled && !cfg.TCPFlags.Enabled && !cfg.ICMP.Enabled && !cfg.Service.Enabled {
		return errNothingEnabled
	}
	var errs error
	if cfg.Protocol.Enabled || cfg.ICMP.Enabled || cfg.Service.Enabled {
		errs = errors.Join(errs, required("protocol.source", cfg.Protocol.Source))
	}
	if cfg.Protocol.Enabled {
		errs = errors.Join(errs, required("protocol.target", cfg.Protocol.Target), cfg.Protocol.Case.validate("protocol.case"))
	}
	if cfg.TCPFlags.Enabled {
		errs = errors.Join(errs, required("tcp_flags.source", cfg.TCPFlags.Source),
			required("tcp_flags.target", cfg.TCPFlags.Target), cfg.TCPFlags.Format.validate("tcp_flags.format"))
	}
	if cfg.ICMP.Enabled {
		errs = errors.Join(errs, cfg.ICMP.validate())
	}
	if cfg.Service.Enabled {
		if cfg.Service.SourcePort == "" && cfg.Service.DestinationPort == "" {
			errs = errors.Join(errs, errNoServicePort)
		}
		errs = errors.Join(errs, required("service.target", cfg.Service.Target))
	}
	return errs
}

func (c ICMPConfig) validate() error {
	var errs error
	if c.TypeTarget == "" && c.CodeTarget == "" && c.TypeNameTarget == "" && c.CodeNameTarget == "" {
		errs = errors.Join(errs, errNoICMPTarget)
	}
	if c.IPv4 == (ICMPSources{}) && c.IPv6 == (ICMPSources{}) && c.PortSource == "" {
		errs = errors.Join(errs, errNoICMPSource)
	}
	return errs
}

func required(key, value string) error {
	if value == "" {
		return fmt.Errorf("'%s' %w", key, errEmptyAttribute)
	}
	return nil
}
