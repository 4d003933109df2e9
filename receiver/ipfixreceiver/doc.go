// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

//go:generate go tool -modfile=../../tools/go.mod mdatagen metadata.yaml

// Package ipfixreceiver receives NetFlow v5, NetFlow v9 and IPFIX export
// packets over UDP and turns every flow record into an OpenTelemetry log
// record with ECS attributes.
package ipfixreceiver // import "github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver"
