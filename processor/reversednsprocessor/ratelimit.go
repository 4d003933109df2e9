// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package reversednsprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor"

import "time"

// tokenBucket bounds lookups started per second. It reads the processor's
// clock, so tests can freeze it and count exactly burst admissions. The
// caller serialises calls (lookups holds its mutex).
type tokenBucket struct {
	perNano float64 // tokens added per nanosecond
	burst   float64
	tokens  float64
	last    int64
}

func newTokenBucket(cfg RateLimitConfig, now int64) *tokenBucket {
	return &tokenBucket{
		perNano: cfg.QueriesPerSecond / float64(time.Second),
		burst:   float64(cfg.Burst),
		tokens:  float64(cfg.Burst),
		last:    now,
	}
}

// take spends n tokens if that many are left at time now.
func (b *tokenBucket) take(now int64, n float64) bool {
	if elapsed := now - b.last; elapsed > 0 {
		b.tokens = min(b.burst, b.tokens+float64(elapsed)*b.perNano)
		b.last = now
	}
	if b.tokens < n {
		return false
	}
	b.tokens -= n
	return true
}
