// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geoipprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor"

import (
	"slices"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/processor"

	"github.com/otelcol-flows/otelcol-flows/internal/logsprocessor"
	"github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor/internal/metadata"
)

// NewFactory returns the factory of the geoip processor.
func NewFactory() processor.Factory {
	return logsprocessor.NewFactory(metadata.Type, metadata.LogsStability, createDefaultConfig, createLogs)
}

func createDefaultConfig() component.Config {
	return &Config{
		Pairs: []PairConfig{
			{Address: "source.ip", Target: "source"},
			{Address: "destination.ip", Target: "destination"},
		},
		Fields:               slices.Clone(allFields),
		Locale:               "en",
		SkipSpecialAddresses: true,
		// geoipupdate runs daily or weekly; a stat a minute is free and the
		// new data is in use within a minute of the rename.
		ReloadInterval: time.Minute,
		CacheSize:      65536,
	}
}

func createLogs(set processor.Settings, cfg *Config) (logsprocessor.Processor, error) {
	return newGeoIPProcessor(set, cfg)
}
