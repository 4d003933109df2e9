// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package logrecords

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"go.opentelemetry.io/collector/pdata/plog"
)

func TestAttributesVisitsEveryRecordInOrder(t *testing.T) {
	ld := plog.NewLogs()
	n := 0
	for range 2 {
		rl := ld.ResourceLogs().AppendEmpty()
		rl.ScopeLogs().AppendEmpty() // an empty scope yields nothing
		for range 2 {
			sl := rl.ScopeLogs().AppendEmpty()
			for range 3 {
				sl.LogRecords().AppendEmpty().Attributes().PutInt("n", int64(n))
				n++
			}
		}
	}
	var got []int64
	for attrs := range Attributes(ld) {
		v, _ := attrs.Get("n")
		got = append(got, v.Int())
	}
	assert.Equal(t, []int64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, got)

	got = got[:0]
	for attrs := range Attributes(ld) {
		v, _ := attrs.Get("n")
		got = append(got, v.Int())
		if len(got) == 4 {
			break
		}
	}
	assert.Equal(t, []int64{0, 1, 2, 3}, got)
}
