// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package reversednsprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor"

import (
	"context"
	"net"
	"net/netip"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.uber.org/zap"

	"github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor/internal/namecache"
	"github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor/internal/ptrclient"
)

// reverseDNS names the addresses of log records from its cache and from
// lookups that may finish after the batch has moved on.
type reverseDNS struct {
	cfg      *Config
	logger   *zap.Logger
	cache    *namecache.Cache
	tel      *telemetry
	networks networkFilter
	// clock is monotonic nanoseconds; a variable so tests can move time.
	clock   func() int64
	lookups *lookups // set by start
}

func newReverseDNS(set component.TelemetrySettings, cfg *Config) (*reverseDNS, error) {
	cache := namecache.New(cfg.Cache.Size)
	tel, err := newTelemetry(set, cache)
	if err != nil {
		return nil, err
	}
	epoch := time.Now()
	return &reverseDNS{
		cfg:      cfg,
		logger:   set.Logger,
		cache:    cache,
		tel:      tel,
		networks: newNetworkFilter(cfg),
		clock:    func() int64 { return int64(time.Since(epoch)) },
	}, nil
}

func (p *reverseDNS) start(context.Context, component.Host) error {
	client, err := ptrclient.New(ptrclient.Settings{
		Servers:      p.servers(),
		QueryTimeout: p.cfg.QueryTimeout,
		Attempts:     p.cfg.Attempts,
	})
	if err != nil {
		return err
	}
	p.lookups = newLookups(p, client)
	return nil
}

// servers are the configured name servers, else those of resolv_conf,
// else the local machine, as resolv.conf(5) specifies for a file without
// nameserver lines.
func (p *reverseDNS) servers() []string {
	if len(p.cfg.Nameservers) > 0 {
		return p.cfg.Nameservers
	}
	servers, err := ptrclient.ServersFromResolvConf(p.cfg.ResolvConf)
	if err == nil {
		return servers
	}
	p.logger.Warn("No name servers from resolv_conf; asking the local machine", zap.Error(err))
	return []string{net.JoinHostPort("127.0.0.1", "53"), net.JoinHostPort("::1", "53")}
}

func (p *reverseDNS) shutdown(context.Context) error {
	if p.lookups != nil {
		p.lookups.stop()
	}
	p.tel.b.Shutdown()
	return nil
}

func (p *reverseDNS) processLogs(ctx context.Context, ld plog.Logs) (plog.Logs, error) {
	b := batch{p: p, now: p.clock(), deadline: time.Now().Add(p.cfg.BatchBudget)}
	rls := ld.ResourceLogs()
	for i := range rls.Len() {
		sls := rls.At(i).ScopeLogs()
		for j := range sls.Len() {
			lrs := sls.At(j).LogRecords()
			for k := range lrs.Len() {
				b.name(lrs.At(k).Attributes())
			}
		}
	}
	if len(b.pending) > 0 {
		b.wait(ctx)
		b.finish()
	}
	p.tel.record(ctx, b.counts)
	return ld, nil
}

// pendingName is a domain attribute waiting for a lookup.
type pendingName struct {
	attrs  pcommon.Map
	domain string
	text   string // the address as written, for fallback_to_address
	call   *call
}

// batch is the state of one processLogs call.
type batch struct {
	p        *reverseDNS
	now      int64
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
		if v.Type() != pcommon.ValueTypeStr {
			b.counts.invalid++
			continue
		}
		text := v.Str()
		// ParseAddr does not allocate for valid input, which keeps a cache
		// hit free of allocations.
		addr, err := netip.ParseAddr(text)
		if err != nil {
			b.counts.invalid++
			continue
		}
		b.nameAddr(attrs, pair, text, addr.Unmap().WithZone(""))
	}
}

func (b *batch) nameAddr(attrs pcommon.Map, pair *AttributePair, text string, addr netip.Addr) {
	if !b.p.networks.allowed(addr) {
		b.fallback(attrs, pair.Domain, text)
		return
	}
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
	b.counts.misses++
	c := b.p.lookups.begin(addr)
	if c == nil {
		b.counts.skippedLimit++
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
