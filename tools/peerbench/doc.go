// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package peerbench holds the benchmarks that run one of our components beside a
// contrib component doing the same job, on the same input in the same run, so
// that the ratio means something on a busy machine. They live in the tools
// module so that the components module does not require the peers.
package peerbench
