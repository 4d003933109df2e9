// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

//go:generate go tool -modfile=../../tools/go.mod mdatagen metadata.yaml

// Package sflowreceiver receives sFlow v5 datagrams over UDP: every flow
// sample becomes an OpenTelemetry log record with the ECS attributes the
// ipfix receiver writes, and interface counter samples become metrics.
package sflowreceiver // import "github.com/otelcol-flows/otelcol-flows/receiver/sflowreceiver"
