// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package reversednsprocessor

import (
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap/xconfmap"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
	"github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor/internal/metadata"
)

func TestLoadConfig(t *testing.T) {
	custom := createDefaultConfig().(*Config)
	custom.Attributes = []AttributePair{
		{IP: "source.ip", Domain: "source.domain"},
		{IP: "netflow.next_hop", Domain: "netflow.next_hop_name"},
	}
	custom.FallbackToAddress = true
	custom.Nameservers = []string{"127.0.0.1:5353", "[::1]:53"}
	custom.QueryTimeout = 250 * time.Millisecond
	custom.Attempts = 3
	custom.BatchBudget = 40 * time.Millisecond
	custom.MaxInFlight = 64
	custom.RateLimit = RateLimitConfig{QueriesPerSecond: 50, Burst: 100}
	custom.ShedFor = 30 * time.Second
	custom.Cache = CacheConfig{Size: 5000, MinTTL: 30 * time.Second, MaxTTL: time.Hour, NegativeTTL: 2 * time.Minute, FailureTTL: 10 * time.Second, NegativePrefixes: false}
	custom.IncludeNetworks = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8::/32")}
	custom.ExcludeNetworks = []netip.Prefix{netip.MustParsePrefix("10.99.0.0/16")}

	tests := []struct {
		id      component.ID
		want    component.Config
		errs    []string
		loadErr string
	}{
		{id: component.NewID(metadata.Type), want: createDefaultConfig()},
		{id: component.NewIDWithName(metadata.Type, "custom"), want: custom},
		{id: component.NewIDWithName(metadata.Type, "invalid"), errs: []string{
			"'attributes[0]' needs both 'ip' and 'domain'",
			"'nameservers[0]' \"127.0.0.1:abc\" must be an IP address (port 53) or host:port",
			"'query_timeout' must be greater than zero",
			"'attempts' must be at least 1",
			"'batch_budget' must not be negative",
			"'max_in_flight' must be at least 1",
			"'rate_limit.queries_per_second' must be greater than zero",
			"'rate_limit.burst' must be at least 1",
			"'shed_for' must be greater than zero",
			"'cache.size' must be at least 1",
			"'cache.negative_ttl' must be greater than zero",
			"'cache.failure_ttl' must be greater than zero",
			"'cache.min_ttl' must not exceed 'cache.max_ttl'",
		}},
		{id: component.NewIDWithName(metadata.Type, "bad_network"), loadErr: "exclude_networks"},
	}
	for _, tt := range tests {
		t.Run(tt.id.String(), func(t *testing.T) {
			cfg := createDefaultConfig()
			err := testutil.UnmarshalConfig(t, tt.id, cfg)
			if tt.loadErr != "" {
				require.ErrorContains(t, err, tt.loadErr)
				return
			}
			require.NoError(t, err)
			err = xconfmap.Validate(cfg)
			if len(tt.errs) == 0 {
				require.NoError(t, err)
				assert.Equal(t, tt.want, cfg)
				return
			}
			require.Error(t, err)
			for _, e := range tt.errs {
				assert.ErrorContains(t, err, e)
			}
		})
	}
}

func TestValidateNeedsResolvConfWithoutNameservers(t *testing.T) {
	cfg := createDefaultConfig().(*Config)
	cfg.ResolvConf = ""
	require.ErrorContains(t, cfg.Validate(), "'resolv_conf' must be set when 'nameservers' is empty")
	cfg.Nameservers = []string{"127.0.0.1:53"}
	require.NoError(t, cfg.Validate())
}

func TestNameserverAddress(t *testing.T) {
	for entry, want := range map[string]string{
		"8.8.8.8":             "8.8.8.8:53",
		"2001:db8::1":         "[2001:db8::1]:53",
		"[2001:db8::1]":       "[2001:db8::1]:53",
		"[2001:db8::1]:53":    "[2001:db8::1]:53",
		"127.0.0.1:5353":      "127.0.0.1:5353",
		"dns.example.net:53":  "dns.example.net:53",
		"fe80::1%eth0":        "[fe80::1%eth0]:53",
		"[fe80::1%eth0]:5353": "[fe80::1%eth0]:5353",
	} {
		got, err := nameserverAddress(entry)
		require.NoError(t, err, entry)
		assert.Equal(t, want, got, entry)
	}
	for _, entry := range []string{"", "dns.example.net", "127.0.0.1:abc", "127.0.0.1:0", "127.0.0.1:65536", ":53", "2001:db8::1:53:"} {
		_, err := nameserverAddress(entry)
		assert.ErrorIs(t, err, errNameserver, entry)
	}
	assert.Equal(t, []string{"8.8.8.8:53", "[::1]:53"}, nameserverAddresses([]string{"8.8.8.8", "[::1]:53"}))
}
