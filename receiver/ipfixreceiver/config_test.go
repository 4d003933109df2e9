// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"go.opentelemetry.io/collector/component"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
	"github.com/otelcol-flows/otelcol-flows/internal/udpingest"
	"github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver/internal/metadata"
)

func TestLoadConfig(t *testing.T) {
	storageID := component.MustNewIDWithName("file_storage", "flows")
	netflow := createDefaultConfig().(*Config)
	domain7 := uint32(7)
	netflow.Endpoint = "0.0.0.0:2055"
	testutil.AssertConfigs(t, NewFactory(), map[string]*Config{
		"":        createDefaultConfig().(*Config),
		"netflow": netflow,
		"custom": {
			Config: udpingest.Config{
				Endpoint:         "127.0.0.1:9995",
				Sockets:          2,
				Workers:          4,
				ReadBufferSize:   32 << 20,
				QueueSize:        512,
				Batch:            udpingest.BatchConfig{MaxRecords: 1000, Timeout: time.Second},
				AllowedExporters: []string{"10.0.0.0/8", "192.0.2.7", "2001:db8::/32"},
			},
			Storage:          &storageID,
			ExporterIdentity: IdentityAddress,
			Limits: LimitsConfig{
				MaxExporters:            100,
				MaxExportersPerAddress:  8,
				MaxTemplatesPerExporter: 16,
				MaxFieldsPerTemplate:    64,
				TemplateTimeout:         30 * time.Minute,
				Pending:                 PendingConfig{MaxRecords: 500, MaxBytes: 32768, MaxAge: 30 * time.Second},
			},
			ScaleBySampling: true,
			Sampling: []SamplingConfig{
				{Exporter: "10.1.0.0/16", DefaultRate: 100},
				{Exporter: "10.1.2.3", ObservationDomain: &domain7, OverrideRate: 1000},
			},
			Interfaces: InterfacesConfig{
				PreferStatic: true, File: "testdata/interfaces.csv", ReloadInterval: 10 * time.Second,
				Static: []InterfaceConfig{{Exporter: "192.0.2.1", Index: 7, Name: "eth7", Description: "lab", Speed: 100e6}},
			},
			CustomElements: CustomElementsConfig{
				Files:    []string{"testdata/elements.yaml"},
				Elements: []CustomElement{{PEN: 99999, ID: 7, Name: "acmePolicyName", Type: "string"}},
			},
			NetflowCopies: false,
			Decapsulate:   []string{"srv6", "vxlan"},
		},
	})
}

func TestLoadInvalidConfig(t *testing.T) {
	testutil.AssertConfigInvalid(t, NewFactory(), "invalid",
		`'endpoint' "nowhere" must be host:port`, "'sockets' must be at least 1", "'queue_size' must be at least 1",
		"'batch::max_records' must be at least 1", "'batch::timeout' must be greater than zero",
		`'decapsulate': unknown tunnel "gre"`,
		`'allowed_exporters': "10.0.0.0/33" is neither`, `"bogus" is neither`,
		"'limits::max_exporters' must be at least 1", "'limits::pending::max_bytes' must be greater than zero",
		"'limits::max_exporters_per_address' must be at least 1",
		"'limits::pending::max_age' must be greater than zero",
		"'sampling[1]' repeats the exporter and observation domain of 'sampling[0]' (10.1.0.0/16)",
		`'sampling[2]::exporter': "nowhere" is neither`,
		"'sampling[3]' sets neither 'default_rate' nor 'override_rate'",
		"testdata/interfaces_bad.yaml:10: unknown key 'nmae'",
		`'custom_elements::elements[0]::type' "number" is not an RFC 7012 abstract data type`,
		"testdata/elements_bad.yaml:24: unknown key 'nmae'",
	)
}

func TestLoadUnknownExporterIdentity(t *testing.T) {
	err := testutil.UnmarshalConfig(t, component.NewIDWithName(metadata.Type, "bad_identity"), createDefaultConfig())
	assert.ErrorContains(t, err, `'exporter_identity' "port" is not one of transport_session, address`)
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Config)
		want   string
	}{
		{"default", func(*Config) {}, ""},
		{"negative workers", func(c *Config) { c.Workers = -1 }, "'workers' must not be negative"},
		{"negative buffer", func(c *Config) { c.ReadBufferSize = -1 }, "'read_buffer_size' must not be negative"},
		{"no templates", func(c *Config) { c.Limits.MaxTemplatesPerExporter = 0 }, "'limits::max_templates_per_exporter'"},
		{"no fields", func(c *Config) { c.Limits.MaxFieldsPerTemplate = 0 }, "'limits::max_fields_per_template'"},
		{"negative timeout", func(c *Config) { c.Limits.TemplateTimeout = -time.Second }, "'limits::template_timeout'"},
		{"negative pending", func(c *Config) { c.Limits.Pending.MaxRecords = -1 }, "'limits::pending::max_records'"},
		{"pending disabled", func(c *Config) { c.Limits.Pending = PendingConfig{} }, ""},
		{"ipv6 endpoint", func(c *Config) { c.Endpoint = "[::1]:4739" }, ""},
		{"any port", func(c *Config) { c.Endpoint = "127.0.0.1:0" }, ""},
		{"port not a number", func(c *Config) { c.Endpoint = "127.0.0.1:abc" }, `'endpoint' "127.0.0.1:abc" must be host:port with a port from 0 to 65535: port "abc" is not a number`},
		{"port too large", func(c *Config) { c.Endpoint = "0.0.0.0:65536" }, `port "65536" is not a number from 0 to 65535`},
		{"negative port", func(c *Config) { c.Endpoint = "0.0.0.0:-1" }, `port "-1"`},
		{"service name", func(c *Config) { c.Endpoint = "0.0.0.0:ipfix" }, `port "ipfix"`},
		{"ipv6 without brackets", func(c *Config) { c.Endpoint = "::1:4739" }, "'endpoint' \"::1:4739\""},
		{"bare address", func(c *Config) { c.AllowedExporters = []string{"::1", "127.0.0.1"} }, ""},
		{"key by address", func(c *Config) { c.ExporterIdentity = IdentityAddress }, ""},
		{"unknown identity", func(c *Config) { c.ExporterIdentity = "port" }, "'exporter_identity' \"port\" is not one of"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := createDefaultConfig().(*Config)
			tt.mutate(cfg)
			before := *cfg
			err := cfg.Validate()
			assert.Equal(t, before, *cfg, "Validate must not change the config")
			if tt.want == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, tt.want)
		})
	}
}
