// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package reversednsprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor"

import (
	"errors"
	"fmt"
	"net/netip"
	"time"

	"go.opentelemetry.io/collector/confmap/xconfmap"
)

var _ xconfmap.Validator = (*Config)(nil)

// Config of the reversedns processor.
type Config struct {
	// Attributes are the pairs to fill: the name of Domain is looked up
	// from the address in IP. Default: source.ip -> source.domain and
	// destination.ip -> destination.domain.
	Attributes []AttributePair `mapstructure:"attributes"`
	// FallbackToAddress writes the address itself into the domain
	// attribute when no name is known, as the Logstash dns filter did.
	FallbackToAddress bool `mapstructure:"fallback_to_address"`
	// Nameservers are asked in order: "host:port", or a bare IP address
	// for port 53. Empty means the nameserver lines of ResolvConf.
	Nameservers []string `mapstructure:"nameservers"`
	// ResolvConf is read at start when Nameservers is empty.
	ResolvConf string `mapstructure:"resolv_conf"`
	// QueryTimeout bounds the wait for one DNS answer from one server.
	QueryTimeout time.Duration `mapstructure:"query_timeout"`
	// Attempts is how many rounds over all name servers a lookup makes.
	Attempts int `mapstructure:"attempts"`
	// BatchBudget is the longest a batch waits for lookups it started or
	// joined; later answers only go to the cache. Zero never waits.
	BatchBudget time.Duration `mapstructure:"batch_budget"`
	// MaxInFlight bounds concurrent lookups; beyond it addresses are
	// skipped for that record and counted.
	MaxInFlight int `mapstructure:"max_in_flight"`
	// RateLimit bounds how many lookups start per second, so that address
	// churn (a scan, a DDoS, a NAT pool) costs neither the collector's CPU
	// nor the name servers more than this.
	RateLimit RateLimitConfig `mapstructure:"rate_limit"`
	// ShedFor is how long reverse DNS does less after the pipeline fell
	// behind: it stops waiting after a batch spent its whole budget, and
	// also stops starting lookups after the next consumer refused data.
	ShedFor time.Duration `mapstructure:"shed_for"`
	// Cache bounds and expires the names.
	Cache CacheConfig `mapstructure:"cache"`
	// IncludeNetworks, when not empty, limits lookups to these networks.
	IncludeNetworks []netip.Prefix `mapstructure:"include_networks"`
	// ExcludeNetworks are never looked up, even if included.
	ExcludeNetworks []netip.Prefix `mapstructure:"exclude_networks"`

	// prevent unkeyed literal initialization
	_ struct{}
}

// AttributePair names an address attribute and the attribute for its name.
type AttributePair struct {
	// IP is the attribute holding the address as a string.
	IP string `mapstructure:"ip"`
	// Domain is the attribute the host name is written to.
	Domain string `mapstructure:"domain"`
}

// RateLimitConfig is a token bucket over lookups started.
type RateLimitConfig struct {
	// QueriesPerSecond is the sustained rate of lookups; addresses beyond
	// it are skipped and counted, never queued.
	QueriesPerSecond float64 `mapstructure:"queries_per_second"`
	// Burst is how many lookups may start at once after a quiet spell.
	Burst int `mapstructure:"burst"`
}

// CacheConfig bounds the name cache.
type CacheConfig struct {
	// Size is the most addresses kept, names and negative answers.
	Size int `mapstructure:"size"`
	// MinTTL raises short answer TTLs (dnsmasq answers from hosts files
	// with TTL 0) so that a busy address is not looked up per batch. It
	// applies to names and to negative TTLs taken from an SOA alike.
	MinTTL time.Duration `mapstructure:"min_ttl"`
	// MaxTTL caps long answer TTLs so renamed hosts show up eventually,
	// names and negative TTLs taken from an SOA alike.
	MaxTTL time.Duration `mapstructure:"max_ttl"`
	// NegativeTTL keeps "no PTR record" (NXDOMAIN or no data) answers that
	// carry no SOA. With an SOA the zone's negative TTL (RFC 2308 section
	// 5) is used instead, within MinTTL..MaxTTL: NegativeTTL is only the
	// fallback, not a bound, so that the zone's value is honoured.
	NegativeTTL time.Duration `mapstructure:"negative_ttl"`
	// FailureTTL keeps failed lookups (SERVFAIL, time-outs) so a broken
	// server is not asked again for every record.
	FailureTTL time.Duration `mapstructure:"failure_ttl"`
	// NegativePrefixes applies RFC 8020: after an NXDOMAIN that carries
	// the reverse zone's SOA, one more query asks whether the part of the
	// zone holding the address (a /8, /16 or /24; nibbles for IPv6) is
	// empty. If it is NXDOMAIN too, every address in that prefix is "no
	// PTR record" without a query, for that answer's negative TTL.
	NegativePrefixes bool `mapstructure:"negative_prefixes"`
}

// Validate checks the configuration without changing it.
func (cfg *Config) Validate() error {
	var errs []error
	if len(cfg.Attributes) == 0 {
		errs = append(errs, errors.New("'attributes' must list at least one pair"))
	}
	for i, p := range cfg.Attributes {
		if p.IP == "" || p.Domain == "" {
			errs = append(errs, fmt.Errorf("'attributes[%d]' needs both 'ip' and 'domain'", i))
		}
	}
	for i, s := range cfg.Nameservers {
		if _, err := nameserverAddress(s); err != nil {
			errs = append(errs, fmt.Errorf("'nameservers[%d]' %q %w", i, s, err))
		}
	}
	if len(cfg.Nameservers) == 0 && cfg.ResolvConf == "" {
		errs = append(errs, errors.New("'resolv_conf' must be set when 'nameservers' is empty"))
	}
	errs = append(errs, positive("query_timeout", cfg.QueryTimeout))
	if cfg.Attempts < 1 {
		errs = append(errs, errors.New("'attempts' must be at least 1"))
	}
	if cfg.BatchBudget < 0 {
		errs = append(errs, errors.New("'batch_budget' must not be negative"))
	}
	if cfg.MaxInFlight < 1 {
		errs = append(errs, errors.New("'max_in_flight' must be at least 1"))
	}
	errs = append(errs, positive("shed_for", cfg.ShedFor), cfg.RateLimit.validate(), cfg.Cache.validate())
	return errors.Join(errs...)
}

func (r RateLimitConfig) validate() error {
	var errs []error
	if !(r.QueriesPerSecond > 0) { // also rejects NaN
		errs = append(errs, errors.New("'rate_limit.queries_per_second' must be greater than zero"))
	}
	if r.Burst < 1 {
		errs = append(errs, errors.New("'rate_limit.burst' must be at least 1"))
	}
	return errors.Join(errs...)
}

func (c CacheConfig) validate() error {
	var errs []error
	if c.Size < 1 {
		errs = append(errs, errors.New("'cache.size' must be at least 1"))
	}
	errs = append(errs,
		positive("cache.max_ttl", c.MaxTTL),
		positive("cache.negative_ttl", c.NegativeTTL),
		positive("cache.failure_ttl", c.FailureTTL))
	if c.MinTTL < 0 {
		errs = append(errs, errors.New("'cache.min_ttl' must not be negative"))
	}
	if c.MinTTL > c.MaxTTL {
		errs = append(errs, errors.New("'cache.min_ttl' must not exceed 'cache.max_ttl'"))
	}
	return errors.Join(errs...)
}

func positive(key string, d time.Duration) error {
	if d <= 0 {
		return fmt.Errorf("'%s' must be greater than zero", key)
	}
	return nil
}
