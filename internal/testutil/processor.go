// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package testutil

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/collector/processor/processortest"
)

// NewLogsProcessor creates f's logs processor with cfg in front of next, with
// the no-op settings of f's type; creation must succeed.
func NewLogsProcessor(tb testing.TB, f processor.Factory, cfg component.Config, next consumer.Logs) processor.Logs {
	tb.Helper()
	p, err := f.CreateLogs(context.Background(), processortest.NewNopSettings(f.Type()), cfg, next)
	require.NoError(tb, err)
	return p
}
