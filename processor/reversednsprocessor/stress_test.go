// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package reversednsprocessor

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor/internal/dnstest"
	"github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor/internal/ptrclient"
)

// TestConcurrentBatchesAndShutdown runs overlapping batches against a small
// slot limit and backlog, and shuts down while they run: for the race
// detector, goleak, and the rule that every name written is the right one.
func TestConcurrentBatchesAndShutdown(t *testing.T) {
	srv := dnstest.StartNaming(t, "n.", 60, 2*time.Millisecond)
	cfg := testConfig(srv.Addr)
	cfg.MaxInFlight = 4
	cfg.BatchBudget = 20 * time.Millisecond
	cfg.Cache.Size = 300 // smaller than the 400 addresses: eviction under load
	p, err := newReverseDNS(componenttest.NewNopTelemetrySettings(), cfg)
	require.NoError(t, err)
	require.NoError(t, p.Start(context.Background(), componenttest.NewNopHost()))

	var wg sync.WaitGroup
	var named atomic.Int64
	for w := range 4 {
		wg.Go(func() {
			for i := range 40 {
				flows := make([]flow, 16)
				for j := range flows {
					n := (w*31 + i*7 + j) % 200
					flows[j] = flow{src: fmt.Sprintf("192.0.2.%d", n), dst: fmt.Sprintf("2001:db8::%x", n)}
				}
				ld, err := p.ProcessLogs(context.Background(), makeLogs(flows...))
				assert.NoError(t, err)
				named.Add(int64(checkNames(t, ld)))
				if w == 0 && i == 30 {
					assert.NoError(t, p.Shutdown(context.Background()))
				}
			}
		})
	}
	wg.Wait()
	assert.Positive(t, named.Load(), "no name was written; the checks above proved nothing")
	require.NoError(t, p.Shutdown(context.Background()), "a second Shutdown must be harmless")
}

// checkNames asserts that every name written belongs to its address: the
// test server names a.b.c.d "n.d.c.b.a.in-addr.arpa". It returns how many
// names it checked.
func checkNames(t *testing.T, ld plog.Logs) int {
	checked := 0
	lrs := ld.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords()
	for i := range lrs.Len() {
		attrs := lrs.At(i).Attributes()
		for _, pair := range [][2]string{{"source.ip", "source.domain"}, {"destination.ip", "destination.domain"}} {
			name, ok := attrs.Get(pair[1])
			if !ok {
				continue
			}
			ip, _ := attrs.Get(pair[0])
			want, err := dns.ReverseAddr(ip.Str())
			require.NoError(t, err)
			assert.Equal(t, ptrclient.Normalise("n."+want), name.Str())
			checked++
		}
	}
	return checked
}
