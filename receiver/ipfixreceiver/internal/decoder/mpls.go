// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"go.opentelemetry.io/collector/pdata/pcommon"
)

// MPLS label stack entries, mplsTopLabelStackSection (70) and mplsLabelStackSection2..10
// (71-79): the 3 octets of an RFC 3032 entry without its TTL, label (20 bits), traffic class
// (3 bits, RFC 5462) and bottom-of-stack (1 bit). Each section has its own kind so that the
// walk knows its place in the stack without a lookup.
const (
	kMPLS0       = kJuniperCPID + 1 + iota // kMPLS0+i decodes section i (0 = top); after the last plain kind
	mplsSections = 10
)

// mplsSection returns the stack position of an element, or -1.
func mplsSection(pen uint32, id uint16) int {
	if pen != 0 || id < 70 || id > 79 {
		return -1
	}
	return int(id) - 70
}

// mplsStack is the record's label stack entries as sent, by section.
type mplsStack struct {
	entry [mplsSections]uint32
	has   uint16 // bit per section present
}

func mplsLabel(e uint32) int64 { return int64(e >> 4) }
func mplsTC(e uint32) int64    { return int64(e>>1) & 7 }
func mplsBoS(e uint32) bool    { return e&1 == 1 }

// applyMPLS writes a section's label as a number (not the hex of its octets) and keeps the
// entry for putMPLS.
func (c *decodeCall) applyMPLS(op *fieldOp, b []byte, attrs pcommon.Map) {
	e := uint32(b[0])<<16 | uint32(b[1])<<8 | uint32(b[2])
	if op.emit {
		attrs.PutInt(op.key, mplsLabel(e))
	}
	sec := op.kind - kMPLS0
	c.flow.mpls.entry[sec] = e
	c.flow.mpls.has |= 1 << sec
}

// putMPLS writes the stack top first: labels, traffic classes and bottom-of-stack flags as
// parallel arrays, and the top label on its own for aggregations. The stack ends after the
// entry marked bottom-of-stack, or before an absent or all-zero section: exporters fill the
// sections a shorter stack does not use with zeros.
func (c *decodeCall) putMPLS(attrs pcommon.Map) {
	s := &c.flow.mpls
	if s.has&1 == 0 || s.entry[0] == 0 {
		return
	}
	labels := attrs.PutEmptySlice("netflow.mpls_label_stack")
	tcs := attrs.PutEmptySlice("netflow.mpls_label_stack_exp")
	bos := attrs.PutEmptySlice("netflow.mpls_label_stack_bos")
	for i := range mplsSections {
		e := s.entry[i]
		if s.has&(1<<i) == 0 || e == 0 {
			break
		}
		labels.AppendEmpty().SetInt(mplsLabel(e))
		tcs.AppendEmpty().SetInt(mplsTC(e))
		bos.AppendEmpty().SetBool(mplsBoS(e))
		if mplsBoS(e) {
			break
		}
	}
	attrs.PutInt("netflow.mpls_top_label", mplsLabel(s.entry[0]))
}
