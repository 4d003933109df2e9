// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package reversednsprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor"

import (
	"net/netip"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/processor"

	"github.com/otelcol-flows/otelcol-flows/internal/logsprocessor"
	"github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor/internal/metadata"
)

// NewFactory returns the factory of the reversedns processor.
func NewFactory() processor.Factory {
	return logsprocessor.NewFactory(metadata.Type, metadata.LogsStability, createDefaultConfig, createLogs)
}

// defaultExcludeNetworks are addresses that never have a meaningful PTR
// record anywhere: unspecified, loopback, link-local, multicast and
// broadcast (RFC 6890). Private ranges are left in because the site's own
// resolver usually knows their names; add them when the name servers are
// public, so internal addresses do not leak.
var defaultExcludeNetworks = []string{
	"0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "224.0.0.0/4", "255.255.255.255/32",
	"::/128", "::1/128", "fe80::/10", "ff00::/8",
}

func createDefaultConfig() component.Config {
	exclude := make([]netip.Prefix, 0, len(defaultExcludeNetworks))
	for _, s := range defaultExcludeNetworks {
		exclude = append(exclude, netip.MustParsePrefix(s))
	}
	return &Config{
		Attributes: []AttributePair{
			{IP: "source.ip", Domain: "source.domain"},
			{IP: "destination.ip", Domain: "destination.domain"},
		},
		ResolvConf:   "/etc/resolv.conf",
		QueryTimeout: 500 * time.Millisecond,
		Attempts:     2,
		BatchBudget:  20 * time.Millisecond,
		MaxInFlight:  256,
		RateLimit:    RateLimitConfig{QueriesPerSecond: 200, Burst: 1000},
		ShedFor:      10 * time.Second,
		Cache: CacheConfig{
			Size:        100_000,
			MinTTL:      time.Minute,
			MaxTTL:      24 * time.Hour,
			NegativeTTL: 5 * time.Minute,
			FailureTTL:  30 * time.Second,
			// RFC 8020 section 2 makes an NXDOMAIN final for the subtree;
			// section 4 recommends that resolvers use it.
			NegativePrefixes: true,
		},
		ExcludeNetworks: exclude,
	}
}

func createLogs(set processor.Settings, cfg *Config) (logsprocessor.Processor, error) {
	return newReverseDNS(set.TelemetrySettings, cfg)
}
