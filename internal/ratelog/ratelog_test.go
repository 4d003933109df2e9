// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ratelog

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"
)

func TestWarnReportsSuppressed(t *testing.T) {
	core, logs := observer.New(zap.WarnLevel)
	l := New(zap.New(core), 50*time.Millisecond)
	assert.True(t, l.Warn("bad packet"))
	for range 99 {
		assert.False(t, l.Warn("bad packet"))
	}
	time.Sleep(60 * time.Millisecond)
	assert.True(t, l.Warn("bad packet"))
	entries := logs.All()
	assert.Len(t, entries, 2)
	assert.Equal(t, int64(99), entries[1].ContextMap()["suppressed_since_last_log"])
}
