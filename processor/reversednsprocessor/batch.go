// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package reversednsprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor"

import (
	"context"
	"net/netip"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-flows/otelcol-flows/internal/ipattr"
	"github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor/internal/namecache"
)

// pendingName is a domain attribute waiting for a lookup.
type pendingName struct {
	attrs  pcommon.Map
	domain string
	text   string // the address as written, for fallback_to_address
	call   *call
}

// batch is the state of one ProcessLogs call.
type batch struct {
	p        *reverseDNS
	now      int64
	shed     shedLevel
	deadline time.Time
	pending  []pendingName
	counts   batchCounts
}

// name fills the domain attributes of one record from the cache and
// queues the misses.
func (b *batch) name(attrs pcommon.Map) {
	for i := range b.p.cfg.Attributes {
		pair := &b.p.cfg.Attributes[i]
		v, ok := attrs.Get(pair.IP)
		if !ok {
			continue
		}
		addr, ok := ipattr.Parse(v)
		if !ok {
			b.counts.skipped[skipInvalid]++
			continue
		}
		// The text as written, not addr.String(): the fallback name keeps
		// the attribute's own spelling, and Str does not allocate.
		b.nameAddr(attrs, pair, v.Str(), addr)
	}
}

// nameAddr reads the cache before the network filter: only allowed
// addresses are ever cached, so a hit needs no filter and the hot path
// skips the prefix checks.
func (b *batch) nameAddr(attrs pcommon.Map, pair *AttributePair, text string, addr netip.Addr) {
	name, state := b.p.cache.Get(addr, b.now)
	switch state {
	case namecache.Found:
		b.counts.hits++
		attrs.PutStr(pair.Domain, name)
		return
	case namecache.Negative:
		b.counts.hits++
		b.fallback(attrs, pair.Domain, text)
		return
	}
	if !b.p.networks.allowed(addr) {
		b.fallback(attrs, pair.Domain, text)
		return
	}
	if b.p.prefixes.covers(addr, b.now) {
		b.counts.prefixHits++
		b.fallback(attrs, pair.Domain, text)
		return
	}
	b.counts.misses++
	if b.shed == shedCacheOnly {
		b.counts.skipped[skipShedding]++
		b.fallback(attrs, pair.Domain, text)
		return
	}
	c, skip := b.p.lookups.begin(addr)
	if c == nil {
		b.counts.skipped[skip]++
		b.fallback(attrs, pair.Domain, text)
		return
	}
	b.pending = append(b.pending, pendingName{attrs: attrs, domain: pair.Domain, text: text, call: c})
}

// fallback writes the address as its own name, as the Logstash dns filter
// left it, when the configuration asks for that.
func (b *batch) fallback(attrs pcommon.Map, domain, text string) {
	if b.p.cfg.FallbackToAddress {
		attrs.PutStr(domain, text)
	}
}

// wait blocks until every pending lookup is answered, the budget is spent,
// or the caller gives up. The budget counts from the start of the batch.
func (b *batch) wait(ctx context.Context) {
	remaining := time.Until(b.deadline)
	if remaining <= 0 {
		return
	}
	timer := time.NewTimer(remaining)
	defer timer.Stop()
	for i := range b.pending {
		select {
		case <-b.pending[i].call.done:
		case <-timer.C:
			return
		case <-ctx.Done():
			return
		}
	}
}

// finish writes the answers that arrived; the rest go on without a name
// and will be named from the cache in a later batch.
func (b *batch) finish() {
	for i := range b.pending {
		pn := &b.pending[i]
		select {
		case <-pn.call.done:
			if pn.call.state == namecache.Found {
				pn.attrs.PutStr(pn.domain, pn.call.name)
				continue
			}
		default:
			b.counts.timeouts++
		}
		b.fallback(pn.attrs, pn.domain, pn.text)
	}
}
