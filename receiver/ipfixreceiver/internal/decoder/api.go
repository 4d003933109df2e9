// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package decoder turns NetFlow v5, NetFlow v9 (RFC 3954) and IPFIX (RFC 7011) datagrams into
// OpenTelemetry log records carrying ECS attributes. It is pure: no I/O, no goroutines, no logging.
package decoder // import "github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver/internal/decoder"

import (
	"github.com/otelcol-flows/otelcol-flows/internal/packetheader"
	"net/netip"
	"time"
)

// Config bounds the state a Decoder keeps and selects optional output.
type Config struct {
	MaxExporters            int           // exporters tracked; packets from new ones beyond it are dropped (DropLimit)
	MaxExportersPerAddress  int           // exporters (sessions x domains) of one source address; see roomOnAddress
	KeyByAddress            bool          // one exporter per address, whatever the source port (not RFC 7011)
	MaxTemplatesPerExporter int           // per exporter+domain
	MaxFieldsPerTemplate    int           // templates with more fields are rejected (DropMalformed)
	TemplateTimeout         time.Duration // UDP template expiry (RFC 7011 10.3.7 / RFC 3954); 0 = never
	PendingMaxRecords       int           // records buffered per exporter while their template is unknown
	PendingMaxBytes         int           // and bytes
	PendingMaxAge           time.Duration // older pending data is dropped (DropPendingExpired)
	ScaleBySampling         bool          // multiply bytes/packets by the sampling interval
	NetflowCopies           bool          // also emit netflow.* copies of elements mapped to ECS fields
	// Decapsulate: tunnels whose inner packet is the flow of a sampled packet section.
	Decapsulate packetheader.Tunnel
	Sampling    []SamplingRule // operator-supplied sampling rates (sampling.go)
	Interfaces  *Interfaces    // operator-supplied interface names (interfaces.go); may be nil
	Elements    *Elements      // operator-defined information elements (elements.go); nil: compiled table only
}

// Packet is one received datagram.
type Packet struct {
	Exporter netip.AddrPort // UDP source
	Received time.Time      // arrival time -> observed timestamp
	Data     []byte         // not retained after Decode returns (the pending buffer copies)
}

// DropReason says why records were not turned into log records.
type DropReason uint8

// Drop reasons.
const (
	DropNoTemplate DropReason = iota // only when pending buffering is disabled (PendingMaxRecords==0)
	DropMalformed
	DropPendingOverflow
	DropPendingExpired
	DropLimit // exporters / templates / fields limits
	NumDropReasons
)

var dropReasonNames = [NumDropReasons]string{"no_template", "malformed", "pending_overflow", "pending_expired", "limit"}

// String returns the metric attribute value of the reason.
func (r DropReason) String() string {
	if r < NumDropReasons {
		return dropReasonNames[r]
	}
	return "unknown"
}

// Stats reports what one Decode (or Expire) call did.
type Stats struct {
	Records          int                 // log records appended to the batch by this call
	Dropped          [NumDropReasons]int // records (or sets, when the record count is unknown) dropped
	LostRecords      int64               // from sequence gaps (IPFIX: records, v9: packets, v5: flows)
	SequenceResets   int                 // exporter+domain streams that started a new numbering (not loss)
	TemplatesChanged bool                // a template/options state was learned, withdrawn or redefined
}

// Add accumulates o into s.
func (s *Stats) Add(o Stats) {
	s.Records += o.Records
	for i := range s.Dropped {
		s.Dropped[i] += o.Dropped[i]
	}
	s.LostRecords += o.LostRecords
	s.SequenceResets += o.SequenceResets
	s.TemplatesChanged = s.TemplatesChanged || o.TemplatesChanged
}

// Gauges is a snapshot of what the Decoder holds, published as the receiver's gauges.
type Gauges struct{ Exporters, Templates, PendingRecords int }
