// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geoipprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor"

import (
	"context"
	"errors"
	"net/netip"

	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-flows/otelcol-flows/internal/ipattr"
	"github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor/internal/geodb"
)

// batch enriches the records of one ConsumeLogs call. It holds each database
// version for the whole call, so a reload in the middle never splits a
// batch nor closes a reader in use, and counts locally so the counters are
// updated once per batch rather than once per address.
type batch struct {
	pairs     []pairPlan
	maxFields int // fields all pairs together may add to one record
	skip      bool
	city, asn *geodb.Handle
	stats     batchStats
}

func (p *geoipProcessor) newBatch() *batch {
	b := &batch{pairs: p.pairs, maxFields: p.maxFields, skip: p.cfg.SkipSpecialAddresses}
	if p.city != nil {
		b.city = p.city.Acquire()
	}
	if p.asn != nil {
		b.asn = p.asn.Acquire()
	}
	return b
}

func (b *batch) finish(ctx context.Context, t *telemetry) {
	if b.city != nil {
		b.city.Release()
	}
	if b.asn != nil {
		b.asn.Release()
	}
	t.record(ctx, &b.stats)
}

func (b *batch) enrich(attrs pcommon.Map) {
	reserved := false
	for i := range b.pairs {
		pair := &b.pairs[i]
		v, ok := attrs.Get(pair.address)
		if !ok {
			continue
		}
		ip, ok := b.address(v)
		if !ok {
			continue
		}
		var geo, as *geodb.Record
		if b.city != nil && len(pair.geo) > 0 {
			geo = lookup(b.city, ip, &b.stats.city)
		}
		if b.asn != nil && len(pair.as) > 0 {
			as = lookup(b.asn, ip, &b.stats.asn)
		}
		if (geo != nil || as != nil) && !reserved {
			// One allocation for every key this record may get, instead of
			// the slice doubling as pairs add fields.
			attrs.EnsureCapacity(attrs.Len() + b.maxFields)
			reserved = true
		}
		if geo != nil {
			putFields(attrs, pair.geo, geo)
		}
		if as != nil {
			putFields(attrs, pair.as, as)
		}
	}
}

// address parses the attribute, counting what cannot or need not be looked up.
func (b *batch) address(v pcommon.Value) (netip.Addr, bool) {
	ip, ok := ipattr.Parse(v)
	if !ok {
		b.stats.invalid++
		return netip.Addr{}, false
	}
	ip = lookupAddress(ip)
	if b.skip && isSpecial(ip) {
		b.stats.skipped++
		return netip.Addr{}, false
	}
	return ip, true
}

func lookup(db geodb.Provider, ip netip.Addr, s *databaseStats) *geodb.Record {
	s.lookups++
	rec, cached, err := db.Lookup(ip)
	if cached {
		s.cacheHits++
	} else if err == nil || errors.Is(err, geodb.ErrNotFound) {
		s.cacheMisses++
	}
	switch {
	case err == nil:
		s.hits++
		return rec
	case errors.Is(err, geodb.ErrNotFound):
		s.misses++
	default:
		s.errors++
		s.lastError = err
	}
	return nil
}
