// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geoipprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor"

import (
	"context"
	"errors"
	"time"

	"go.uber.org/zap"

	"github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor/internal/geodb"
)

// reloadLoop polls the files' identity rather than watching them: a stat per
// file per interval is free, needs no extra dependency, and also works on
// filesystems without inotify (NFS, some container mounts).
func (p *geoipProcessor) reloadLoop(ctx context.Context) {
	defer p.reloadDone.Done()
	ticker := time.NewTicker(p.cfg.ReloadInterval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			p.reloadOnce(ctx, p.city)
			p.reloadOnce(ctx, p.asn)
		}
	}
}

func (p *geoipProcessor) reloadOnce(ctx context.Context, s *geodb.Source) {
	if s == nil {
		return
	}
	err := s.Reload()
	switch {
	case errors.Is(err, geodb.ErrUnchanged):
	case err == nil:
		p.telemetry.reloaded(ctx, s.Kind())
		p.logger.Info("Reloaded replaced GeoIP database", zap.Stringer("database", s.Kind()), zap.String("path", s.Path()))
	default:
		// A broken file is reported once: Reload does not retry it until it
		// changes again.
		p.telemetry.reloadFailed(ctx, s.Kind())
		p.logger.Warn("Replaced GeoIP database cannot be used, keeping the previous one",
			zap.Stringer("database", s.Kind()), zap.String("path", s.Path()), zap.Error(err))
	}
}
