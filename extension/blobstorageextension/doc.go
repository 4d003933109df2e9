// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package blobstorageextension is a storage extension for exporter queues on
// disk. file_storage keeps every value in one bbolt file, and bbolt rewrites a
// whole leaf page on each change: a queued request of a few megabytes shares
// its leaf with a neighbour and with the queue's small metadata key, so each
// of the three updates a request goes through (offer, read, done) copies
// megabytes. This extension writes each value of at least min_size bytes
// once, to a file of its own, and keeps the key, small values and a pointer to
// the file in the storage extension it wraps, so that a batch of operations
// still commits atomically there.
package blobstorageextension // import "github.com/otelcol-flows/otelcol-flows/extension/blobstorageextension"

//go:generate go tool -modfile=../../tools/go.mod mdatagen metadata.yaml
