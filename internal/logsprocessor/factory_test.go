// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package logsprocessor

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/collector/processor/processortest"
)

type config struct{ fail bool }

// recorder is a processor with every optional part; it records what the
// factory's instance calls.
type recorder struct {
	calls   []string
	wrapped int // batches that went through the wrapped consumer
}

func (r *recorder) ProcessLogs(_ context.Context, ld plog.Logs) (plog.Logs, error) {
	r.calls = append(r.calls, "process")
	return ld, nil
}

func (r *recorder) Shutdown(context.Context) error {
	r.calls = append(r.calls, "shutdown")
	return nil
}

func (r *recorder) Start(context.Context, component.Host) error {
	r.calls = append(r.calls, "start")
	return nil
}

func (r *recorder) WrapNext(next consumer.Logs) (consumer.Logs, error) {
	return consumer.NewLogs(func(ctx context.Context, ld plog.Logs) error {
		r.wrapped++
		return next.ConsumeLogs(ctx, ld)
	})
}

func TestFactoryRunsEveryPart(t *testing.T) {
	rec := &recorder{}
	typ := component.MustNewType("recorder")
	f := NewFactory(typ, component.StabilityLevelDevelopment, func() component.Config { return &config{} },
		func(_ processor.Settings, cfg *config) (Processor, error) {
			if cfg.fail {
				return nil, errors.New("bad config")
			}
			return rec, nil
		})
	sink := new(consumertest.LogsSink)
	set := processortest.NewNopSettings(typ)
	p, err := f.CreateLogs(context.Background(), set, f.CreateDefaultConfig(), sink)
	require.NoError(t, err)
	assert.True(t, p.Capabilities().MutatesData)
	require.NoError(t, p.Start(context.Background(), componenttest.NewNopHost()))
	ld := plog.NewLogs()
	ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords().AppendEmpty()
	require.NoError(t, p.ConsumeLogs(context.Background(), ld))
	require.NoError(t, p.Shutdown(context.Background()))
	assert.Equal(t, []string{"start", "process", "shutdown"}, rec.calls)
	assert.Equal(t, 1, rec.wrapped, "the batch goes through the consumer WrapNext returned")
	assert.Equal(t, 1, sink.LogRecordCount(), "the record reaches the next consumer")

	_, err = f.CreateLogs(context.Background(), set, &config{fail: true}, sink)
	assert.EqualError(t, err, "bad config")
}
