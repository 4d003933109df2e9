package decoder

// sequence tracks an exporter's sequence numbers (RFC 7011 section 3.1: data records sent
// before this message; RFC 3954 section 5.1: packets sent; NetFlow v5: flows seen). A gap only
// counts as lost once the window has moved past it, so reordered packets that fill it are not
// lost.
type sequence struct {
	next  uint32
	valid bool
	gaps  []gap
}

type gap struct{ start, end uint32 } // [start, end)

const maxGaps = 32

// observe records a message carrying count units starting at seq. It returns units now known
// lost, and reset when the number jumped so far that it is a new numbering (exporter restart).
func (s *sequence) observe(seq, count, window uint32) (lost int64, reset bool) {
	if !s.valid {
		s.valid, s.next = true, seq+count
		return 0, false
	}
	diff := int32(seq - s.next)
	switch {
	case diff == 0:
		s.next = seq + count
	case diff > 0 && uint32(diff) <= 1<<24:
		lost += s.addGap(gap{s.next, seq})
		s.next = seq + count
	case diff < 0 && uint32(-diff) <= window:
		s.fill(seq, seq+count)
	default:
		lost += s.flushAll()
		s.next = seq + count
		return lost, true
	}
	return lost + s.expire(window), false
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
			out = append(out, gap{g.start, a})
		}
		if int32(g.end-b) > 0 {
			out = append(out, gap{b, g.end})
		}
	}
	s.gaps = out
}

// expire counts gaps the window has moved past as lost.
func (s *sequence) expire(window uint32) int64 {
	var lost int64
	out := s.gaps[:0]
	for _, g := range s.gaps {
		if s.next-g.end > window {
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
