// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package logrecords walks the log records of a batch, for the processors
// that work on each record's attributes alone.
package logrecords // import "github.com/otelcol-flows/otelcol-flows/internal/logrecords"

import (
	"iter"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
)

// Attributes yields the attributes of every log record in ld, in order.
func Attributes(ld plog.Logs) iter.Seq[pcommon.Map] {
	return func(yield func(pcommon.Map) bool) {
		for _, rl := range ld.ResourceLogs().All() {
			for _, sl := range rl.ScopeLogs().All() {
				for _, lr := range sl.LogRecords().All() {
					if !yield(lr.Attributes()) {
						return
					}
				}
			}
		}
	}
}
