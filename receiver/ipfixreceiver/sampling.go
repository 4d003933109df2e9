// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver // import "github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver"

import (
	"fmt"

	"go.uber.org/zap"

	"github.com/otelcol-flows/otelcol-flows/internal/udpingest"
	"github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver/internal/decoder"
)

// SamplingConfig gives the sampling rate of exporters that announce none,
// or a wrong one.
type SamplingConfig struct {
	// Exporter is an address or CIDR.
	Exporter string `mapstructure:"exporter"`
	// ObservationDomain restricts the rule to one observation domain
	// (NetFlow v9 source ID). Unset: every domain.
	ObservationDomain *uint32 `mapstructure:"observation_domain"`
	// DefaultRate is used when the exporter announces no rate (or 0).
	DefaultRate uint32 `mapstructure:"default_rate"`
	// OverrideRate is used whatever the exporter announces.
	OverrideRate uint32 `mapstructure:"override_rate"`
}

func validateSampling(rules []SamplingConfig) []error {
	var errs []error
	seen := make(map[string]int, len(rules))
	for i, r := range rules {
		key := fmt.Sprintf("'sampling[%d]", i)
		p, err := udpingest.ParsePrefixes([]string{r.Exporter})
		switch {
		case r.Exporter == "":
			errs = append(errs, fmt.Errorf("%s::exporter' is required", key))
		case err != nil:
			errs = append(errs, fmt.Errorf("%s::exporter': %w", key, err))
		default:
			scope := p[0].String()
			if r.ObservationDomain != nil {
				scope += fmt.Sprintf(" domain %d", *r.ObservationDomain)
			}
			if j, dup := seen[scope]; dup {
				errs = append(errs, fmt.Errorf("%s' repeats the exporter and observation domain of 'sampling[%d]' (%s)", key, j, scope))
			}
			seen[scope] = i
		}
		if r.DefaultRate == 0 && r.OverrideRate == 0 {
			errs = append(errs, fmt.Errorf("%s' sets neither 'default_rate' nor 'override_rate' (1 means unsampled)", key))
		}
	}
	return errs
}

// samplingRules converts validated rules for the decoder.
func samplingRules(rules []SamplingConfig) []decoder.SamplingRule {
	out := make([]decoder.SamplingRule, 0, len(rules))
	for _, r := range rules {
		p, err := udpingest.ParsePrefixes([]string{r.Exporter})
		if err != nil {
			continue // Validate reported it
		}
		rule := decoder.SamplingRule{Exporter: p[0], DefaultRate: r.DefaultRate, OverrideRate: r.OverrideRate}
		if r.ObservationDomain != nil {
			rule.Domain, rule.HasDomain = *r.ObservationDomain, true
		}
		out = append(out, rule)
	}
	return out
}

// warnUnscaled says, once per exporter (and at most once a minute
// overall), that its flows are sampled but their counters are left as
// sent: volumes are then understated by the sampling factor.
func (w *worker) warnUnscaled() {
	for _, addr := range w.dec.UnscaledExporters() {
		w.samplingLog.Warn("exporter sends sampled flows; bytes and packets are not scaled (scale_by_sampling is false), so volumes are understated by netflow.sampling_interval",
			zap.Stringer("exporter", addr))
	}
}
