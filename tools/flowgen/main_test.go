// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"testing"

	"go.uber.org/goleak"
)

// Every goroutine the tests start (senders, sockets, collector watchers,
// sinks) must be gone when they end.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
