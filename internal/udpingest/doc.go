// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package udpingest is the UDP path shared by the flow receivers, as stages
// that depend one way on the next:
//
//	socket (Listen) -> Reader -> queue (one per worker, sharded by exporter
//	address) -> Worker (a protocol's Decoder fills a batch) -> Sender
//	(obsreport, retries) -> next consumer
//
// The protocol part is the Decoder interface: decode a datagram into the
// current batch, hand the batch over. Counting goes through the Telemetry
// interface, which each receiver implements with its own mdatagen
// instruments, so metric names stay per receiver.
package udpingest // import "github.com/otelcol-flows/otelcol-flows/internal/udpingest"
