// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package names holds the number-to-name tables of the protocolname processor:
// IP protocol keywords generated from the IANA registry, TCP control bits,
// ICMP and ICMPv6 types and codes, and a curated table of well-known services.
// Every lookup is an array index or a map read that returns a string constant,
// so resolving a name never allocates.
package names

//go:generate go run ../gen -in protocol-numbers.csv -out zz_protocols.go
