// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package networkdirectionprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/networkdirectionprocessor"

import (
	"errors"
	"fmt"

	"go.opentelemetry.io/collector/confmap/xconfmap"
)

var errBadNetwork = errors.New("is neither a CIDR nor a named network")

var _ xconfmap.Validator = (*Config)(nil)

// Config of the networkdirection processor.
type Config struct {
	// InternalNetworks are the organisation's networks: CIDRs
	// ("192.0.2.0/24", "2001:db8::/32") and Filebeat's named sets (private,
	// public, loopback, unicast, global_unicast, link_local_unicast,
	// interface_local_multicast, link_local_multicast, multicast,
	// unspecified). An address in none of them is external, except loopback,
	// unspecified, broadcast and link-local addresses, which are always
	// internal, as in Filebeat.
	InternalNetworks []string `mapstructure:"internal_networks"`
	// prevent unkeyed literal initialization
	_ struct{}
}

// Validate checks every entry of internal_networks without changing the config.
func (cfg *Config) Validate() error {
	var errs []error
	for i, e := range cfg.InternalNetworks {
		if _, _, ok := parseNetwork(e); !ok {
			errs = append(errs, fmt.Errorf("'internal_networks[%d]' %q %w (%s)", i, e, errBadNetwork, networkNames()))
		}
	}
	return errors.Join(errs...)
}
