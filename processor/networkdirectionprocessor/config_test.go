// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package networkdirectionprocessor

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
	"github.com/otelcol-flows/otelcol-flows/processor/networkdirectionprocessor/internal/metadata"
)

func TestLoadConfig(t *testing.T) {
	tests := []struct {
		id       component.ID
		expected *Config
		errs     []string
	}{
		{id: component.NewID(metadata.Type), expected: &Config{InternalNetworks: []string{"private"}}},
		{
			id:       component.NewIDWithName(metadata.Type, "custom"),
			expected: &Config{InternalNetworks: []string{"192.0.2.0/24", "2001:db8::/32", "loopback", "public"}},
		},
		{id: component.NewIDWithName(metadata.Type, "none"), expected: &Config{InternalNetworks: []string{}}},
		{id: component.NewIDWithName(metadata.Type, "bad"), errs: []string{
			`'internal_networks[1]' "10.0.0.0/33" is neither a CIDR nor a named network`,
			`'internal_networks[2]' "privat" is neither a CIDR nor a named network (global_unicast, interface_local_multicast, link_local_multicast, link_local_unicast, loopback, multicast, private, public, unicast, unspecified)`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.id.String(), func(t *testing.T) {
			cfg := NewFactory().CreateDefaultConfig()
			err := testutil.LoadConfig(t, tt.id, cfg)
			if len(tt.errs) > 0 {
				require.ErrorIs(t, err, errBadNetwork)
				for _, e := range tt.errs {
					assert.ErrorContains(t, err, e)
				}
				assert.NotContains(t, err.Error(), "192.0.2.0/24", "valid entries are not reported")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.expected, cfg)
		})
	}
}
