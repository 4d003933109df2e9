// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package protocolnameprocessor

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap/xconfmap"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
	"github.com/otelcol-flows/otelcol-flows/processor/protocolnameprocessor/internal/metadata"
)

func TestLoadConfig(t *testing.T) {
	seed := createDefaultConfig().(*Config)
	seed.Protocol.Target = "netflow.protocolIdentifierString"
	seed.Protocol.Case = CaseIANA
	seed.Protocol.Override = true
	seed.TCPFlags.Enabled = false
	seed.ICMP.Enabled = false

	custom := createDefaultConfig().(*Config)
	custom.Protocol.Source = "netflow.protocol_identifier"
	custom.Protocol.Case = CaseUpper
	custom.TCPFlags = TCPFlagsConfig{
		Enabled: true, Source: "netflow.tcp_control_bits", Target: "tcp.flags", Format: FormatString, Override: true,
	}
	custom.ICMP = ICMPConfig{
		Enabled:        true,
		IPv4:           ICMPSources{TypeCode: "icmp4.type_code"},
		IPv6:           ICMPSources{Type: "icmp6.type", Code: "icmp6.code"},
		TypeNameTarget: "icmp.name",
		CodeNameTarget: "icmp.reason",
		Override:       true,
	}
	custom.Service = ServiceConfig{
		Enabled: true, SourcePort: "src_port", DestinationPort: "dst_port", Target: "service.name", Override: true,
	}

	tests := []struct {
		name    string
		want    *Config
		wantErr []error // each must be found with errors.Is, on unmarshal or Validate
	}{
		{name: "", want: createDefaultConfig().(*Config)},
		{name: "seed", want: seed},
		{name: "custom", want: custom},
		{name: "bad_case", wantErr: []error{errBadEnum}},
		{name: "bad_format", wantErr: []error{errBadEnum}},
		{name: "nothing", wantErr: []error{errNothingEnabled}},
		{name: "empty_keys", wantErr: []error{errEmptyAttribute, errNoICMPTarget, errNoICMPSource, errNoServicePort}},
	}
	for _, tt := range tests {
		t.Run("protocolname/"+tt.name, func(t *testing.T) {
			cfg := createDefaultConfig()
			err := testutil.UnmarshalConfig(t, component.NewIDWithName(metadata.Type, tt.name), cfg)
			if err == nil {
				err = xconfmap.Validate(cfg)
			}
			if tt.wantErr != nil {
				require.Error(t, err)
				for _, want := range tt.wantErr {
					assert.True(t, errors.Is(err, want), "want %v in %v", want, err)
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, cfg)
		})
	}
}

// Error messages name the YAML key so a user can find the line to fix.
func TestValidateNamesKeys(t *testing.T) {
	cfg := createDefaultConfig().(*Config)
	cfg.Protocol.Source = ""
	cfg.TCPFlags.Target = ""
	cfg.Protocol.Case = "Title"
	err := cfg.Validate()
	require.Error(t, err)
	for _, key := range []string{"'protocol.source'", "'tcp_flags.target'", "'protocol.case'"} {
		assert.Contains(t, err.Error(), key)
	}
}

func TestValidateDoesNotChangeConfig(t *testing.T) {
	cfg := createDefaultConfig().(*Config)
	cfg.Protocol.Case = ""
	before := *cfg
	require.Error(t, cfg.Validate())
	assert.Equal(t, before, *cfg)
}

// Only enabled mappings are checked, but icmp and service read the protocol.
func TestValidateProtocolSourceNeededByICMP(t *testing.T) {
	cfg := createDefaultConfig().(*Config)
	cfg.Protocol.Enabled = false
	cfg.Protocol.Source = ""
	cfg.Protocol.Target = ""
	err := cfg.Validate()
	require.ErrorIs(t, err, errEmptyAttribute)
	assert.Contains(t, err.Error(), "'protocol.source'")
	assert.NotContains(t, err.Error(), "'protocol.target'")
}
