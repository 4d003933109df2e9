// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package loadsignal

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestMarkHoldsForHold(t *testing.T) {
	var s Signal
	t0 := time.Unix(1767225600, 0)
	assert.False(t, s.Behind(t0), "the zero value is never behind")
	s.Mark(t0)
	assert.True(t, s.Behind(t0))
	assert.True(t, s.Behind(t0.Add(Hold-time.Nanosecond)))
	assert.False(t, s.Behind(t0.Add(Hold)))
	s.Mark(t0.Add(Hold / 2))
	assert.True(t, s.Behind(t0.Add(Hold)), "a later mark extends the hold")
}
