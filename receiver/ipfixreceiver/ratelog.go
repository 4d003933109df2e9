// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver // import "github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver"

import (
	"sync/atomic"
	"time"

	"go.uber.org/zap"
)

// rateLimitedLog logs the first occurrence of a problem and then at most
// one line per interval, with the number of occurrences it kept quiet
// about, so a flood of bad packets cannot flood the log.
type rateLimitedLog struct {
	logger     *zap.Logger
	interval   time.Duration
	next       atomic.Int64 // unix nanoseconds before which nothing is logged
	suppressed atomic.Int64
}

func newRateLimitedLog(logger *zap.Logger, interval time.Duration) *rateLimitedLog {
	return &rateLimitedLog{logger: logger, interval: interval}
}

// Warn logs msg unless a line was logged less than interval ago, and
// reports whether it did.
func (l *rateLimitedLog) Warn(msg string, fields ...zap.Field) bool {
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
