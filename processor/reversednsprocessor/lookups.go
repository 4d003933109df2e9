// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package reversednsprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor"

import (
	"context"
	"errors"
	"net/netip"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/otelcol-flows/otelcol-flows/internal/ratelog"
	"github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor/internal/namecache"
	"github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor/internal/ptrclient"
)

// ptrResolver is what lookups need from a DNS client.
type ptrResolver interface {
	LookupPTR(ctx context.Context, addr netip.Addr) (ptrclient.Answer, error)
	EmptyPrefix(ctx context.Context, addr netip.Addr, zone string) (netip.Prefix, ptrclient.Answer, bool, error)
	Close()
}

// call is one PTR lookup, shared by every record that needs the address
// while it is in flight. name and state are written before done is closed.
type call struct {
	done  chan struct{}
	name  string
	state namecache.State
}

// lookups runs PTR queries in goroutines it owns: at most one per address,
// at most cap(sem) in all. Answers go to the cache, so they outlive the
// batch that asked. Addresses that find every slot taken wait in a bounded
// backlog; a goroutine that finishes a query takes the next one, so names
// keep filling in at the servers' pace even between batches.
type lookups struct {
	resolver ptrResolver
	cache    *namecache.Cache
	prefixes *prefixCache
	ttl      CacheConfig
	timeout  time.Duration // longest a lookup takes: attempts × servers × query_timeout
	clock    func() int64
	tel      *telemetry
	errLog   *ratelog.Logger // a broken name server would otherwise be logged once per address
	sem      chan struct{}   // taken and released under mu
	bucket   *tokenBucket    // under mu
	ctx      context.Context
	cancel   context.CancelFunc

	mu      sync.Mutex
	pending map[netip.Addr]*call
	backlog addrQueue
	queued  map[netip.Addr]struct{}
	closed  bool
	wg      sync.WaitGroup
}

// backlogPerSlot sizes the backlog: enough to keep every slot busy through
// a few batches of new addresses, small enough to stay recent.
const backlogPerSlot = 4

func newLookups(p *reverseDNS, r ptrResolver) *lookups {
	ctx, cancel := context.WithCancel(context.Background())
	return &lookups{
		resolver: r,
		cache:    p.cache,
		prefixes: p.prefixes,
		ttl:      p.cfg.Cache,
		timeout:  time.Duration(p.cfg.Attempts*max(len(p.cfg.Nameservers), 1)) * p.cfg.QueryTimeout,
		clock:    p.clock,
		tel:      p.tel,
		errLog:   ratelog.New(p.logger, time.Minute),
		sem:      make(chan struct{}, p.cfg.MaxInFlight),
		bucket:   newTokenBucket(p.cfg.RateLimit, p.clock()),
		ctx:      ctx,
		cancel:   cancel,
		pending:  map[netip.Addr]*call{},
		backlog:  newAddrQueue(backlogPerSlot * p.cfg.MaxInFlight),
		queued:   map[netip.Addr]struct{}{},
	}
}

// begin joins the lookup of addr in flight or starts one. It returns nil
// and why when the rate limit is spent, the in-flight limit is reached
// (addr then joins the backlog if it has room and the rate allows) or
// lookups have stopped: the caller must not spend its budget waiting for
// a free slot.
func (l *lookups) begin(addr netip.Addr) (*call, skipReason) {
	if l == nil { // not started
		return nil, skipInFlightLimit
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil, skipInFlightLimit
	}
	if c, ok := l.pending[addr]; ok {
		return c, 0
	}
	now := l.clock()
	// The answer may have landed between the caller's cache miss and now.
	if name, state := l.cache.Get(addr, now); state != namecache.Miss {
		c := &call{done: make(chan struct{}), name: name, state: state}
		close(c.done)
		return c, 0
	}
	if len(l.sem) == cap(l.sem) {
		l.enqueue(addr, now)
		return nil, skipInFlightLimit
	}
	// The bucket is asked last, so that a token pays for a query that is
	// sent; a churning address stream then costs a map read and this.
	if !l.bucket.take(now, 1) {
		return nil, skipRateLimit
	}
	l.sem <- struct{}{}
	c := &call{done: make(chan struct{})}
	l.pending[addr] = c
	l.tel.inFlight(1)
	l.wg.Add(1)
	go l.run(addr, c)
	return c, 0
}

// enqueue puts addr in the backlog if it is not there, there is room, and
// the rate allows: a queued address is a query paid for in advance.
func (l *lookups) enqueue(addr netip.Addr, now int64) {
	if _, ok := l.queued[addr]; ok || l.backlog.full() || !l.bucket.take(now, 1) {
		return
	}
	l.backlog.push(addr)
	l.queued[addr] = struct{}{}
}

// run holds one slot: it looks up addr, then queued addresses, until the
// backlog is empty or lookups stop.
func (l *lookups) run(addr netip.Addr, c *call) {
	defer l.wg.Done()
	for c != nil {
		ans, err := l.resolver.LookupPTR(l.ctx, addr)
		ttl := l.settle(addr, c, ans, err)
		l.cache.Put(addr, c.name, c.state, l.clock()+int64(ttl))
		if ans.Zone != "" {
			l.probeZone(addr, ans.Zone)
		}
		addr, c = l.next(addr, c)
	}
}

// next retires the finished call and takes the oldest queued address as
// a new call on the same slot, or releases the slot.
func (l *lookups) next(addr netip.Addr, finished *call) (netip.Addr, *call) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.pending[addr] == finished {
		delete(l.pending, addr)
	}
	close(finished.done)
	for !l.closed {
		addr, ok := l.backlog.pop()
		if !ok {
			break
		}
		delete(l.queued, addr)
		// Slots are released only when the backlog is empty, so a batch
		// cannot have started addr meanwhile; checked anyway, because a
		// second query for one address would break the sharing above.
		if _, busy := l.pending[addr]; busy {
			continue
		}
		c := &call{done: make(chan struct{})}
		l.pending[addr] = c
		return addr, c
	}
	<-l.sem
	l.tel.inFlight(-1)
	return netip.Addr{}, nil
}

// settle records the outcome on c and returns how long to cache it.
func (l *lookups) settle(addr netip.Addr, c *call, ans ptrclient.Answer, err error) time.Duration {
	switch {
	case err == nil:
		c.name, c.state = ans.Name, namecache.Found
		l.tel.queryResult(resultName)
		return l.answerTTL(ans)
	case errors.Is(err, ptrclient.ErrNotFound):
		c.state = namecache.Negative
		l.tel.queryResult(resultNotFound)
		if !ans.TTLKnown { // no SOA in the response
			return l.ttl.NegativeTTL
		}
		return l.answerTTL(ans)
	default:
		c.state = namecache.Negative
		l.tel.queryResult(resultError)
		if l.ctx.Err() == nil {
			l.errLog.Warn("Reverse DNS lookup failed; further failures are counted, logged at most once a minute",
				zap.Stringer("address", addr), zap.Error(err))
		}
		return l.ttl.FailureTTL
	}
}

// probeZone asks, once per prefix and within the rate limit, whether the
// part of zone that holds addr is empty (RFC 8020), and if so caches the
// prefix so that its other addresses need no query.
func (l *lookups) probeZone(addr netip.Addr, zone string) {
	prefix, ok := ptrclient.ProbePrefix(addr, zone)
	if !ok || l.prefixes == nil {
		return
	}
	now := l.clock()
	if !l.prefixes.claim(prefix, now, now+int64(l.timeout)) || !l.takeTokens(now, ptrclient.EmptyPrefixQueries) {
		return
	}
	_, ans, empty, err := l.resolver.EmptyPrefix(l.ctx, addr, zone)
	switch {
	case err != nil: // the claim expires after the time-out: asked again later
	case empty:
		l.prefixes.put(prefix, prefixEntry{until: l.clock() + int64(l.answerTTL(ans)), empty: true}, now)
	default: // the name exists: some address of the prefix has a record
		l.prefixes.put(prefix, prefixEntry{until: l.clock() + int64(l.ttl.NegativeTTL)}, now)
	}
}

// takeTokens spends n tokens of the rate limit, unless lookups stopped.
func (l *lookups) takeTokens(now int64, n int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return !l.closed && l.bucket.take(now, float64(n))
}

// answerTTL is how long an answer is cached: the TTL the zone gave it, for
// names and for negative answers alike, kept within min_ttl..max_ttl.
func (l *lookups) answerTTL(ans ptrclient.Answer) time.Duration {
	return min(max(ans.TTL, l.ttl.MinTTL), l.ttl.MaxTTL)
}

// stop refuses new lookups, drops the backlog, cancels the lookups in
// flight and waits for them.
func (l *lookups) stop() {
	l.mu.Lock()
	l.closed = true
	l.mu.Unlock()
	l.cancel()
	l.wg.Wait()
	l.resolver.Close()
}
