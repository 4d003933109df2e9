// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

//go:generate go tool -modfile=../../tools/go.mod mdatagen metadata.yaml

// Package reversednsprocessor adds host names (PTR records) for the flow
// addresses of log records. It never holds a batch longer than its time
// budget: answers that arrive later go to a cache and name the next records
// with the same address.
package reversednsprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor"
