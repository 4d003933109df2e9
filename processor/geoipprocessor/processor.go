// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geoipprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor"

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/processor"
	"go.uber.org/zap"

	"github.com/otelcol-flows/otelcol-flows/internal/logrecords"
	"github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor/internal/geodb"
	"github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor/internal/metadata"
)

type geoipProcessor struct {
	cfg       *Config
	logger    *zap.Logger
	telemetry *telemetry
	pairs     []pairPlan
	maxFields int

	// city and asn are nil when not configured (or before Start); after
	// shutdown they stay set but closed.
	city, asn *geodb.Source

	stopReload context.CancelFunc
	reloadDone sync.WaitGroup
}

func newGeoIPProcessor(set processor.Settings, cfg *Config) (*geoipProcessor, error) {
	builder, err := metadata.NewTelemetryBuilder(set.TelemetrySettings)
	if err != nil {
		return nil, err
	}
	p := &geoipProcessor{
		cfg:       cfg,
		logger:    set.Logger,
		telemetry: newTelemetry(builder, set.Logger),
		pairs:     planPairs(cfg),
	}
	for _, pair := range p.pairs {
		p.maxFields += pair.fields
	}
	return p, nil
}

// start opens the databases, so a missing or unreadable file stops the
// collector at start-up with the file's name rather than at the first flow.
func (p *geoipProcessor) Start(_ context.Context, _ component.Host) error {
	var err error
	if p.city, err = p.openSource(p.cfg.Databases.City, geodb.KindCity); err != nil {
		return errors.Join(err, p.Shutdown(context.Background()))
	}
	if p.asn, err = p.openSource(p.cfg.Databases.ASN, geodb.KindASN); err != nil {
		return errors.Join(err, p.Shutdown(context.Background()))
	}
	if p.cfg.ReloadInterval > 0 {
		// The reload loop outlives Start, so it gets its own context.
		ctx, cancel := context.WithCancel(context.Background())
		p.stopReload = cancel
		p.reloadDone.Add(1)
		go p.reloadLoop(ctx)
	}
	return nil
}

func (p *geoipProcessor) openSource(paths DatabaseFiles, kind geodb.Kind) (*geodb.Source, error) {
	if len(paths) == 0 {
		return nil, nil
	}
	opts := geodb.Options{Kind: kind, Locale: p.cfg.Locale, CacheSize: p.cfg.CacheSize}
	if kind == geodb.KindCity {
		opts.Schema = p.cfg.Databases.CitySchema
	}
	s, err := geodb.NewSource(paths, opts)
	if p.cfg.Databases.Optional && errors.Is(err, os.ErrNotExist) {
		// Picked up by the reload loop once every file is there.
		p.logger.Warn("GeoIP database missing: records pass without its fields until it appears",
			zap.Stringer("database", kind), zap.Duration("checked_every", p.cfg.ReloadInterval), zap.Error(err))
		return geodb.NewPendingSource(paths, opts), nil
	}
	if err != nil {
		return nil, fmt.Errorf("'databases.%s': %w", kind, err)
	}
	return s, nil
}

// Shutdown works without Start and after a failed Start.
func (p *geoipProcessor) Shutdown(context.Context) error {
	if p.stopReload != nil {
		p.stopReload()
		p.reloadDone.Wait()
		p.stopReload = nil
	}
	// The sources stay set: a closed source hands out no reader, so a
	// late batch passes through unchanged instead of racing on the fields.
	for _, s := range []*geodb.Source{p.city, p.asn} {
		if s != nil {
			_ = s.Close()
		}
	}
	p.telemetry.shutdown()
	return nil
}

func (p *geoipProcessor) ProcessLogs(ctx context.Context, ld plog.Logs) (plog.Logs, error) {
	b := p.newBatch()
	defer b.finish(ctx, p.telemetry)
	if b.city == nil && b.asn == nil {
		return ld, nil
	}
	for attrs := range logrecords.Attributes(ld) {
		b.enrich(attrs)
	}
	return ld, nil
}
