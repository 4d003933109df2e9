// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package reversednsprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor"

import (
	"context"
	"net"
	"time"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.uber.org/zap"

	"github.com/otelcol-flows/otelcol-flows/internal/loadsignal"
	"github.com/otelcol-flows/otelcol-flows/internal/logrecords"
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
	shed     *loadShedder
	// load is marked by this process's flow receivers when their queues fill
	// or a consumer refuses: reverse DNS then gives way first.
	load     *loadsignal.Signal
	prefixes *prefixCache // nil without cache.negative_prefixes
	// clock is monotonic nanoseconds; a variable so tests can move time.
	clock   func() int64
	lookups *lookups // set by start
}

func newReverseDNS(set component.TelemetrySettings, cfg *Config) (*reverseDNS, error) {
	cache := namecache.New(cfg.Cache.Size)
	epoch := time.Now()
	p := &reverseDNS{
		cfg:      cfg,
		logger:   set.Logger,
		cache:    cache,
		networks: newNetworkFilter(cfg),
		shed:     newLoadShedder(cfg),
		load:     loadsignal.Default,
		clock:    func() int64 { return int64(time.Since(epoch)) },
	}
	if cfg.Cache.NegativePrefixes {
		p.prefixes = newPrefixCache()
	}
	tel, err := newTelemetry(set, p)
	if err != nil {
		return nil, err
	}
	p.tel = tel
	return p, nil
}

func (p *reverseDNS) Start(context.Context, component.Host) error {
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
		return nameserverAddresses(p.cfg.Nameservers)
	}
	servers, err := ptrclient.ServersFromResolvConf(p.cfg.ResolvConf)
	if err == nil {
		return servers
	}
	p.logger.Warn("No name servers from resolv_conf; asking the local machine", zap.Error(err))
	return []string{net.JoinHostPort("127.0.0.1", "53"), net.JoinHostPort("::1", "53")}
}

func (p *reverseDNS) Shutdown(context.Context) error {
	if p.lookups != nil {
		p.lookups.stop()
	}
	p.tel.b.Shutdown()
	return nil
}

func (p *reverseDNS) ProcessLogs(ctx context.Context, ld plog.Logs) (plog.Logs, error) {
	now := p.clock()
	if p.load.Behind(time.Now()) {
		p.shed.raise(shedCacheOnly, now)
	}
	b := batch{p: p, now: now, shed: p.shed.current(now), deadline: time.Now().Add(p.cfg.BatchBudget)}
	if b.shed != shedNone {
		b.deadline = time.Time{}
	}
	for attrs := range logrecords.Attributes(ld) {
		b.name(attrs)
	}
	if len(b.pending) > 0 {
		b.wait(ctx)
		b.finish()
		if b.counts.timeouts > 0 && b.shed == shedNone && p.cfg.BatchBudget > 0 {
			p.shed.raise(shedNoWait, p.clock())
		}
	}
	p.tel.record(ctx, b.counts)
	if b.shed != shedNone {
		p.tel.shedBatch(ctx, b.shed)
	}
	return ld, nil
}
