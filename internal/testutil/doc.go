// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package testutil holds what the tests and benchmarks of several packages share. Only tests import it.
package testutil
