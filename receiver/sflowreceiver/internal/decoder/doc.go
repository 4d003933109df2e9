// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package decoder turns sFlow v5 datagrams (sflow.org sflow_version_5.txt)
// into log records, one per flow sample, with the ECS fields the ipfix
// receiver writes, and counter samples into metrics. It does no I/O: the
// receiver gives it datagrams and a Batch and counts what Stats and the
// returned error say.
package decoder // import "github.com/otelcol-flows/otelcol-flows/receiver/sflowreceiver/internal/decoder"
