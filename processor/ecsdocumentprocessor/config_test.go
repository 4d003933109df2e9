// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ecsdocumentprocessor

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
	"github.com/otelcol-flows/otelcol-flows/processor/ecsdocumentprocessor/internal/metadata"
)

func TestLoadConfig(t *testing.T) {
	tests := []struct {
		id       component.ID
		expected *Config
		errs     []error
	}{
		{id: component.NewID(metadata.Type), expected: createDefaultConfig().(*Config)},
		{
			id: component.NewIDWithName(metadata.Type, "custom"),
			expected: &Config{
				IndexPrefix:       "netflow",
				Exclude:           []string{"netflow.*", "event.kind"},
				DocumentIDExclude: []string{"source.domain", "source.geo.*"},
			},
		},
		{id: component.NewIDWithName(metadata.Type, "bad_prefix"), errs: []error{errIndexPrefix}},
		{id: component.NewIDWithName(metadata.Type, "bad_exclude"), errs: []error{errIndexPrefix, errExclude}},
		{id: component.NewIDWithName(metadata.Type, "bad_document_id_exclude"), errs: []error{errExclude}},
	}
	for _, tt := range tests {
		t.Run(tt.id.String(), func(t *testing.T) {
			cfg := NewFactory().CreateDefaultConfig()
			err := testutil.LoadConfig(t, tt.id, cfg)
			if len(tt.errs) > 0 {
				for _, e := range tt.errs {
					assert.ErrorIs(t, err, e)
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.expected, cfg)
		})
	}
}

func TestValidPrefix(t *testing.T) {
	for _, p := range []string{"flows", "netflow-v9", "a.b"} {
		assert.NoError(t, validPrefix(p), p)
	}
	for _, p := range []string{"", "Flows", "_flows", "-x", "a b", "a*", "a:b", string(make([]byte, 201))} {
		assert.Error(t, validPrefix(p), p)
	}
}
