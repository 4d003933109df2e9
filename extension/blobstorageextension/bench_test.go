// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package blobstorageextension

import (
	"context"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/extension/xextension/storage"
)

// BenchmarkQueueRequest runs the storage operations the exporter's persistent
// queue does for each request (v0.156.0: offer, read, done, each a batch
// with the queue's metadata key), with requestsInFlight requests queued, on
// file_storage alone and on blob_storage over it. One op is one request of
// 1,024 flow records as ecsdocument leaves them (about 1.7 MB).
func BenchmarkQueueRequest(b *testing.B) {
	const requestSize, requestsInFlight = 1700 << 10, 4
	request := make([]byte, requestSize)
	meta := make([]byte, 64)
	for _, bc := range []struct {
		name string
		open func(p *storagePair) storage.Client
	}{
		{"file_storage", func(p *storagePair) storage.Client { raw, _ := p.open(); return raw }},
		{"blob_storage", func(p *storagePair) storage.Client { _, c := p.open(); return c }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			ctx := context.Background()
			p := newStoragePair(b)
			c := bc.open(p)
			defer func() { require.NoError(b, p.fileStorage.Shutdown(ctx)) }()
			write, read := 0, 0
			offer := func() {
				require.NoError(b, c.Batch(ctx, storage.SetOperation("qmv0", meta), storage.SetOperation(strconv.Itoa(write), request)))
				write++
			}
			for range requestsInFlight {
				offer()
			}
			b.SetBytes(requestSize)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				offer()
				get := storage.GetOperation(strconv.Itoa(read))
				require.NoError(b, c.Batch(ctx, storage.SetOperation("qmv0", meta), get))
				require.Len(b, get.Value, requestSize)
				require.NoError(b, c.Batch(ctx, storage.SetOperation("qmv0", meta), storage.DeleteOperation(strconv.Itoa(read))))
				read++
			}
		})
	}
}
