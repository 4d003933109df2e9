// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"sync"
	"time"

	"github.com/otelcol-flows/otelcol-flows/tools/flowgen/internal/flowenc"
)

// run opens one socket per exporter, shares the exporters and the rate out
// among the senders, and sends until the duration or count is reached.
func run(ctx context.Context, cfg config) (report, error) {
	exps, err := openExporters(cfg)
	defer func() {
		for _, e := range exps {
			e.conn.Close()
		}
	}()
	if err != nil {
		return report{}, err
	}
	senders := make([]*sender, cfg.senders)
	for i := range senders {
		senders[i] = &sender{
			mix: cfg.mix, rate: cfg.rate / float64(cfg.senders), burst: cfg.burst, flush: cfg.flush,
			limit: share(cfg.count, cfg.senders, i),
			buf:   make([]byte, 0, cfg.maxPacket), batch: make([]flowenc.Flow, cfg.maxPacket),
		}
	}
	for i, e := range exps {
		s := senders[i%cfg.senders]
		s.exporters = append(s.exporters, e)
	}
	if cfg.templateLead > 0 {
		for _, s := range senders {
			s.sendTemplates()
		}
		time.Sleep(cfg.templateLead)
	}
	if cfg.duration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, cfg.duration)
		defer cancel()
	}
	start := time.Now()
	var wg sync.WaitGroup
	results := make([]counts, len(senders))
	for i, s := range senders {
		wg.Go(func() { results[i] = s.run(ctx) })
	}
	wg.Wait()
	var total counts
	for _, c := range results {
		total.add(c)
	}
	return newReport(cfg, total, time.Since(start)), nil
}

// share splits n flows among k senders so that the shares add up to n.
func share(n uint64, k, i int) uint64 {
	s := n / uint64(k)
	if uint64(i) < n%uint64(k) {
		s++
	}
	return s
}

func openExporters(cfg config) ([]*exporter, error) {
	boot := time.Now().Add(-time.Hour)
	exps := make([]*exporter, 0, cfg.exporters)
	src := cfg.sourceBase.As4()
	for i := range cfg.exporters {
		enc, err := flowenc.NewExporter(flowenc.ExporterConfig{
			Version: cfg.version, Domain: uint32(cfg.domainBase) + uint32(i), Templates: cfg.mix.Templates,
			MaxPacket: cfg.maxPacket, TemplateRefresh: cfg.templateRefresh, Boot: boot,
		})
		if err != nil {
			return exps, err
		}
		addr := netip.AddrFrom4([4]byte{src[0], src[1], src[2], src[3] + byte(i)})
		if src[3]+byte(i) < src[3] {
			return exps, errors.New("-source-base + exporters overflows the last octet")
		}
		conn, err := dialExporter(addr, cfg.target)
		if err != nil {
			return exps, fmt.Errorf("exporter %d on %s: %w", i, addr, err)
		}
		exps = append(exps, &exporter{conn: conn, enc: enc, flows: flowenc.NewFlowSource(cfg.seed, uint64(i), cfg.hosts)})
	}
	return exps, nil
}
