// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

// Reordering windows: how far back a sequence number may be and still count as a late packet
// rather than a new numbering. v9 counts packets, v5 and IPFIX count records.
const (
	windowV9      = 64
	windowRecords = 8192
)

func window(version uint16) uint32 {
	if version == 9 {
		return windowV9
	}
	return windowRecords
}

// jumpedBack reports a sequence number behind the expected one by more than the window.
func (s *sequence) jumpedBack(seq, win uint32) bool {
	return s.valid && int32(seq-s.next) < 0 && uint32(-int32(seq-s.next)) > win
}

// checkRestart detects an exporter restart before the message's sets are used: the sequence
// number went back beyond the window and, where the header has one, sysUpTime fell to less than
// half its last value. It is stricter than sequence.restarted (which also takes any step back
// after a pause for a new numbering, for loss accounting): a false restart here throws away
// templates and pending data, so a step back after a pause (a replayed capture, an exporter
// resending) keeps them.
// Templates learned before the restart are stale (RFC 7011 section 8.1 / RFC 3954 section 5.2)
// and are dropped with the options state and pending data.
func (c *decodeCall) checkRestart(m *message, seq uint32) {
	e := m.exp
	restarted := e.seq.jumpedBack(seq, window(m.version))
	if m.hasUptime {
		// A restarted exporter counts uptime from zero; a late packet is only slightly behind.
		restarted = restarted && e.hasUptime && m.uptimeMs < e.lastUptime/2
		e.lastUptime, e.hasUptime = m.uptimeMs, true
	} else {
		// Without uptime, a restarted IPFIX exporter is recognised by numbering from near zero.
		restarted = restarted && seq < windowRecords
	}
	if !restarted {
		return
	}
	clear(e.templates)
	c.st.Dropped[DropPendingExpired] += e.pending.records
	e.pending = pending{}
	e.sysInitNs, e.samplers, e.ifNames = 0, nil, nil
	c.st.TemplatesChanged = true
}

// trackSequence counts lost units once the message's unit count is known. A new numbering is
// counted as a reset, never as loss, whether or not the templates were judged stale.
func (c *decodeCall) trackSequence(m *message, seq, count uint32) {
	lost, reset := m.exp.seq.observe(seq, count, window(m.version), unixNs(m.now))
	c.st.LostRecords += lost
	if reset {
		c.st.SequenceResets++
	}
}
