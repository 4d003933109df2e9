// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package e2e holds end-to-end tests that run the real otelcol-flows binary.
//
// The binary comes from $OTELCOL_FLOWS_BIN (`make test` sets it to bin/otelcol-flows);
// without it, the tests build the distribution once into a temporary directory.
package e2e
