// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package reversednsprocessor

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumertest"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

// TestFactoryPipeline runs the processor as the collector does and checks
// that named records reach the next consumer.
func TestFactoryPipeline(t *testing.T) {
	srv := namingServer(t)
	factory := NewFactory()
	cfg := factory.CreateDefaultConfig().(*Config)
	cfg.Nameservers = []string{srv.Addr}
	cfg.BatchBudget = 5 * time.Second
	sink := new(consumertest.LogsSink)
	proc := testutil.NewLogsProcessor(t, factory, cfg, sink)
	assert.True(t, proc.Capabilities().MutatesData)
	require.NoError(t, proc.Start(context.Background(), componenttest.NewNopHost()))
	defer func() { require.NoError(t, proc.Shutdown(context.Background())) }()

	require.NoError(t, proc.ConsumeLogs(context.Background(), makeLogs(flow{src: "192.0.2.10", dst: "2001:db8::53"})))
	require.Len(t, sink.AllLogs(), 1)
	assert.Equal(t, []string{"host.example.com"}, domains(sink.AllLogs()[0], "source.domain"))
	assert.Equal(t, []string{"v6.example.org"}, domains(sink.AllLogs()[0], "destination.domain"))
}

func TestStartWithoutResolvConfAsksLocalMachine(t *testing.T) {
	cfg := createDefaultConfig().(*Config)
	cfg.ResolvConf = t.TempDir() + "/missing"
	p, err := newReverseDNS(componenttest.NewNopTelemetrySettings(), cfg)
	require.NoError(t, err)
	assert.Equal(t, []string{"127.0.0.1:53", "[::1]:53"}, p.servers())
	require.NoError(t, p.Shutdown(context.Background()))
}
