// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package logsprocessor builds the factories of this distribution's log
// processors. Each of them rewrites records in place and may hold resources
// until shutdown, so only what differs (the type, the defaults and how a
// processor is made from its config) is left to the component.
package logsprocessor // import "github.com/otelcol-flows/otelcol-flows/internal/logsprocessor"

import (
	"context"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/collector/processor/processorhelper"
)

// Processor is one processor instance, as processorhelper runs it.
type Processor interface {
	ProcessLogs(context.Context, plog.Logs) (plog.Logs, error)
	Shutdown(context.Context) error
}

// Starter is a Processor with work to do before the first batch.
type Starter interface {
	Start(context.Context, component.Host) error
}

// NextWrapper is a Processor that sees its next consumer first, to watch
// what that consumer refuses.
type NextWrapper interface {
	WrapNext(consumer.Logs) (consumer.Logs, error)
}

// NewFactory returns a logs-only processor factory whose instances are made
// by build from their *C config.
func NewFactory[C any](typ component.Type, stability component.StabilityLevel,
	defaults component.CreateDefaultConfigFunc, build func(processor.Settings, *C) (Processor, error),
) processor.Factory {
	create := func(ctx context.Context, set processor.Settings, cfg component.Config, next consumer.Logs) (processor.Logs, error) {
		p, err := build(set, cfg.(*C))
		if err != nil {
			return nil, err
		}
		opts := []processorhelper.Option{
			processorhelper.WithCapabilities(consumer.Capabilities{MutatesData: true}),
			processorhelper.WithShutdown(p.Shutdown),
		}
		if s, ok := p.(Starter); ok {
			opts = append(opts, processorhelper.WithStart(s.Start))
		}
		if w, ok := p.(NextWrapper); ok {
			if next, err = w.WrapNext(next); err != nil {
				return nil, err
			}
		}
		return processorhelper.NewLogs(ctx, set, cfg, next, p.ProcessLogs, opts...)
	}
	return processor.NewFactory(typ, defaults, processor.WithLogs(create, stability))
}
