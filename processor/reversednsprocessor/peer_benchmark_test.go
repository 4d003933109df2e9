// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package reversednsprocessor

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor/internal/dnstest"
)

// BenchmarkColdSynchronousPeer is the design this processor replaces: one
// blocking lookup per record (Logstash's dns filter, contrib's
// dnslookupprocessor), here with Go's own resolver against the same 50 ms
// server. Run with -benchtime=1x; it takes about two seconds.
func BenchmarkColdSynchronousPeer(b *testing.B) {
	srv := dnstest.StartNaming(b, "h.", 3600, 50*time.Millisecond)
	resolver := &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "udp", srv.Addr)
	}}
	const records = 40
	addrs := benchAddrs(records)
	for b.Loop() {
		ld := benchBatch(addrs, records, 0)
		start := time.Now()
		lrs := ld.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords()
		for i := range lrs.Len() {
			attrs := lrs.At(i).Attributes()
			ip, _ := attrs.Get("source.ip")
			if names, err := resolver.LookupAddr(context.Background(), ip.Str()); err == nil && len(names) > 0 {
				attrs.PutStr("source.domain", names[0])
			}
		}
		b.ReportMetric(float64(records)/time.Since(start).Seconds(), "records/s")
	}
}
