// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package flowenc encodes synthetic flows as NetFlow v9 (RFC 3954) and IPFIX
// (RFC 7011) export packets for load generation.
//
// An Exporter holds the state one real exporter keeps per observation domain:
// its templates, its sequence counter and its template refresh schedule. The
// templates mirror what real exporters send: softflowd's v9 templates 1024
// (IPv4) and 2048 (IPv6), ipt_NETFLOW's IPv4 template 260, and an IPv6 biflow
// template with RFC 5103 reverse elements.
package flowenc
