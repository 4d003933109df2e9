// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import "time"

// sequence tracks an exporter's sequence numbers (RFC 7011 section 3.1: data records sent
// before this message; RFC 3954 section 5.1: packets sent; NetFlow v5: flows seen). A gap stays
// open for reordered packets to fill it, and counts as lost once the window has moved past it
// or it has been open for reorderTimeout, whichever comes first: a window alone never closes
// the gaps before the exporter pauses or stops, and a time limit alone lets a fast exporter
// keep too many gaps open.
type sequence struct {
	next    uint32
	valid   bool
	resync  bool   // the count of the message at lastSeq was not known exactly
	lastSeq uint32 // sequence number of that message
	lastNs  int64  // arrival of the last message (0 = unknown)
	gaps    []gap
}

type gap struct {
	start, end uint32 // [start, end)
	openedNs   int64  // arrival of the message that revealed it
}

// reorderTimeout is how long a gap waits for late packets. UDP reordering is a matter of
// milliseconds, and the receiver keeps each exporter's order, so a packet later than this is
// lost (counting it lost and then seeing it is the rarer mistake). It is also the pause after
// which a sequence number going back is a new numbering rather than a late packet: a reordered
// packet arrives right after the ones that overtook it, not after a silence.
const reorderTimeout = time.Second

// maxForwardJump is the largest forward jump counted as loss; beyond it the exporter started a
// new numbering (a restart with a random initial sequence number, or a wrap of garbage).
const maxForwardJump = 1 << 24

const maxGaps = 32

// unixNs is t in nanoseconds, 0 for the zero time (tests and fuzzers may leave it unset).
func unixNs(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// restarted reports whether seq starts a new numbering: it is behind the expected number by
// more than the window, or behind at all after the exporter was quiet for reorderTimeout.
func (s *sequence) restarted(seq, window uint32, nowNs int64) bool {
	if !s.valid {
		return false
	}
	diff := int32(seq - s.next)
	if diff >= 0 {
		return diff > maxForwardJump
	}
	return uint32(-diff) > window || (s.lastNs != 0 && nowNs-s.lastNs > int64(reorderTimeout))
}

// observe records a message carrying count units starting at seq, arrived at nowNs. It returns
// units now known lost, and reset when a new numbering started (exporter restart): the jump is
// not loss, the open gaps of the old numbering are (nothing can fill them any more).
func (s *sequence) observe(seq, count, window uint32, nowNs int64) (lost int64, reset bool) {
	switch {
	case !s.valid:
		s.valid, s.next = true, seq+count
	case s.resync && seq-s.lastSeq <= maxForwardJump:
		// The gap since the inexact message is unknown: start again from this one. (Before
		// restarted, which compares with the guessed next.)
		s.resync, s.next = false, seq+count
	case s.restarted(seq, window, nowNs):
		lost = s.flushAll()
		s.next, s.lastNs, s.resync = seq+count, nowNs, false
		return lost, true
	case seq == s.next:
		s.next = seq + count
	case int32(seq-s.next) > 0:
		lost = s.addGap(gap{s.next, seq, nowNs})
		s.next = seq + count
	default: // late, within the window
		s.fill(seq, seq+count)
		if int32(seq+count-s.next) > 0 { // it also reaches past the expected number
			s.next = seq + count
		}
	}
	s.lastNs = nowNs
	return lost + s.expire(window, nowNs), false
}

// inexact marks the message just observed at seq as one whose unit count was a guess (IPFIX
// data buffered before its template, or records dropped undecoded): the next message's number,
// not the guess, says where the numbering continues. Loss right after such a message is not
// counted, which is better than counting the guess's error as loss or missing real gaps later.
func (s *sequence) inexact(seq uint32) {
	s.resync, s.lastSeq = true, seq
}

func (s *sequence) addGap(g gap) int64 {
	var lost int64
	if len(s.gaps) == maxGaps {
		lost = int64(s.gaps[0].end - s.gaps[0].start)
		s.gaps = append(s.gaps[:0], s.gaps[1:]...)
	}
	s.gaps = append(s.gaps, g)
	return lost
}

// fill removes [a, b) from the open gaps: a late packet arrived.
func (s *sequence) fill(a, b uint32) {
	out := s.gaps[:0]
	for _, g := range s.gaps {
		if int32(b-g.start) <= 0 || int32(g.end-a) <= 0 {
			out = append(out, g)
			continue
		}
		if int32(a-g.start) > 0 {
			out = append(out, gap{g.start, a, g.openedNs})
		}
		if int32(g.end-b) > 0 {
			out = append(out, gap{b, g.end, g.openedNs})
		}
	}
	s.gaps = out
}

// expire counts as lost the gaps the window has moved past and those open for longer than
// reorderTimeout at nowNs (the arrival of a message, or the Decoder's Expire time).
func (s *sequence) expire(window uint32, nowNs int64) int64 {
	if len(s.gaps) == 0 {
		return 0
	}
	var lost int64
	out := s.gaps[:0]
	for _, g := range s.gaps {
		if s.next-g.end > window || nowNs-g.openedNs > int64(reorderTimeout) {
			lost += int64(g.end - g.start)
			continue
		}
		out = append(out, g)
	}
	s.gaps = out
	return lost
}

func (s *sequence) flushAll() int64 {
	var lost int64
	for _, g := range s.gaps {
		lost += int64(g.end - g.start)
	}
	s.gaps = s.gaps[:0]
	return lost
}
