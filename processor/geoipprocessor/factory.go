// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geoipprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor"

import (
	"context"
	"slices"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/collector/processor/processorhelper"

	"github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor/internal/metadata"
)

// NewFactory returns the factory of the geoip processor.
func NewFactory() processor.Factory {
	return processor.NewFactory(metadata.Type, createDefaultConfig,
		processor.WithLogs(createLogs, metadata.LogsStability))
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

func createLogs(ctx context.Context, set processor.Settings, cfg component.Config, next consumer.Logs) (processor.Logs, error) {
	p, err := newGeoIPProcessor(set, cfg.(*Config))
	if err != nil {
		return nil, err
	}
	return processorhelper.NewLogs(ctx, set, cfg, next, p.processLogs,
		processorhelper.WithCapabilities(consumer.Capabilities{MutatesData: true}),
		processorhelper.WithStart(p.start),
		processorhelper.WithShutdown(p.shutdown))
}
