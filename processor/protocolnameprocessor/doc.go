// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package protocolnameprocessor turns the numbers in flow records that people
// cannot read (IP protocol, TCP control bits, ICMP type and code, and
// optionally ports) into names: network.transport "tcp", network.tcp_flags
// ["syn","ack"], icmp.type_name "echo-request", network.application "https".
package protocolnameprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/protocolnameprocessor"

//go:generate go tool -modfile=../../tools/go.mod mdatagen metadata.yaml
