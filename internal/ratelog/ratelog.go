// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package ratelog logs the first occurrence of a problem and then at most one line per interval, so
// that a flood of bad packets or a broken DNS server or database cannot flood the log; counters
// through mdatagen say how often, the log says why.
package ratelog // import "github.com/otelcol-flows/otelcol-flows/internal/ratelog"

import (
	"sync/atomic"
	"time"

	"go.uber.org/zap"
)

// Logger logs the first occurrence of a problem and then at most one line
// per interval, with the number of occurrences it kept quiet about.
type Logger struct {
	logger     *zap.Logger
	interval   time.Duration
	next       atomic.Int64 // unix nanoseconds before which nothing is logged
	suppressed atomic.Int64
}

// New returns a Logger writing to logger at most once per interval.
func New(logger *zap.Logger, interval time.Duration) *Logger {
	return &Logger{logger: logger, interval: interval}
}

// Warn logs msg unless a line was logged less than interval ago, and
// reports whether it did.
func (l *Logger) Warn(msg string, fields ...zap.Field) bool {
	now := time.Now().UnixNano()
	next := l.next.Load()
	if now < next || !l.next.CompareAndSwap(next, now+int64(l.interval)) {
		l.suppressed.Add(1)
		return false
	}
	if n := l.suppressed.Swap(0); n > 0 {
		fields = append(fields, zap.Int64("suppressed_since_last_log", n))
	}
	l.logger.Warn(msg, fields...)
	return true
}
