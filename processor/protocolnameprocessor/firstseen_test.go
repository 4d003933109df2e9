// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package protocolnameprocessor

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/processor/processortest"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/otelcol-flows/otelcol-flows/processor/protocolnameprocessor/internal/metadata"
)

func TestNumberSetFirstTime(t *testing.T) {
	var s numberSet
	for n := range 256 {
		assert.True(t, s.firstTime(uint8(n)), "%d", n)
	}
	for n := range 256 {
		assert.False(t, s.firstTime(uint8(n)), "%d", n)
	}
}

func TestNumberSetConcurrent(t *testing.T) {
	var s numberSet
	var wg sync.WaitGroup
	var mu sync.Mutex
	firsts := 0
	for range 8 {
		wg.Go(func() {
			for n := range 256 {
				if s.firstTime(uint8(n)) {
					mu.Lock()
					firsts++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	assert.Equal(t, 256, firsts)
}

// Unknown numbers are logged once each, however many records carry them.
func TestUnknownLoggedOnce(t *testing.T) {
	core, logs := observer.New(zap.InfoLevel)
	set := processortest.NewNopSettings(metadata.Type)
	set.Logger = zap.New(core)
	p, err := NewFactory().CreateLogs(context.Background(), set, createDefaultConfig(), new(consumertest.LogsSink))
	require.NoError(t, err)

	for range 3 {
		ld := plog.NewLogs()
		lrs := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords()
		for _, rec := range []map[string]any{
			{"network.iana_number": 253},
			{"network.iana_number": 254},
			{"network.iana_number": 253},
			{"network.iana_number": "bogus"},
			{"network.iana_number": 1, "destination.port": 99 << 8},
			{"netflow.tcp_control_bits": -1},
		} {
			require.NoError(t, lrs.AppendEmpty().Attributes().FromRaw(rec))
		}
		require.NoError(t, p.ConsumeLogs(context.Background(), ld))
	}
	require.NoError(t, p.Shutdown(context.Background()))

	var got []string
	for _, e := range logs.All() {
		got = append(got, e.Message)
	}
	assert.Len(t, got, 5, "253, 254, malformed protocol, icmp type 99, malformed flags: %v", got)
	assert.Equal(t, 2, logs.FilterField(zap.String("target", "network.transport")).Len())
	assert.Equal(t, 1, logs.FilterField(zap.Uint8("type", 99)).Len())
	assert.Equal(t, 1, logs.FilterField(zap.String("mapping", "tcp_flags")).Len())
}
