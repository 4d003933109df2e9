// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package networkdirectionprocessor tells which end of a flow is inside the
// organisation: source.locality and destination.locality (internal or
// external, from internal_networks), flow.locality, and ECS network.direction
// (inbound, outbound, internal, external), with the rules of Filebeat's
// netflow input and the Elastic NetFlow integration. It reads only the ECS
// address attributes, so it works on flow records from any receiver.
package networkdirectionprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/networkdirectionprocessor"

//go:generate go tool -modfile=../../tools/go.mod mdatagen metadata.yaml
