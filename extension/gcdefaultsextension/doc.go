// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package gcdefaultsextension gives the Go garbage collector throughput
// settings when the environment sets none: the decoder allocates one
// short-lived object per attribute but keeps little alive, so a heap floor
// spares most collections while a large live heap still grows only by
// GOGC=100. With GOGC or GOMEMLIMIT set, that variable wins.
//
//go:generate go tool -modfile=../../tools/go.mod mdatagen metadata.yaml
package gcdefaultsextension // import "github.com/otelcol-flows/otelcol-flows/extension/gcdefaultsextension"
