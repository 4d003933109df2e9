// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import "time"

// pendingSet is a data set that arrived before its template (RFC 7011 section 8 allows
// templates to arrive late over UDP); it is copied because Packet.Data is not ours to keep.
type pendingSet struct {
	id      uint16
	data    []byte
	msg     message
	at      time.Time
	records int // estimate, the record size is unknown until the template arrives
}

type pending struct {
	sets           []pendingSet
	records, bytes int
}

// pendingRecordGuess is the record size assumed when estimating buffered records.
const pendingRecordGuess = 32

// add buffers a set, evicting the oldest sets when over the limits; it returns records dropped.
func (p *pending) add(cfg *Config, s pendingSet) (dropped int) {
	s.records = max(1, len(s.data)/pendingRecordGuess)
	if s.records > cfg.PendingMaxRecords || (cfg.PendingMaxBytes > 0 && len(s.data) > cfg.PendingMaxBytes) {
		return s.records
	}
	for len(p.sets) > 0 && (p.records+s.records > cfg.PendingMaxRecords ||
		(cfg.PendingMaxBytes > 0 && p.bytes+len(s.data) > cfg.PendingMaxBytes)) {
		dropped += p.sets[0].records
		p.remove(0)
	}
	p.sets = append(p.sets, s)
	p.records += s.records
	p.bytes += len(s.data)
	return dropped
}

func (p *pending) remove(i int) {
	p.records -= p.sets[i].records
	p.bytes -= len(p.sets[i].data)
	p.sets = append(p.sets[:i], p.sets[i+1:]...)
	if len(p.sets) == 0 {
		p.sets = nil
	}
}

// take removes and returns the sets waiting for template id.
func (p *pending) take(id uint16) []pendingSet {
	var out []pendingSet
	for i := 0; i < len(p.sets); {
		if p.sets[i].id == id {
			out = append(out, p.sets[i])
			p.remove(i)
			continue
		}
		i++
	}
	return out
}

// expire drops sets older than maxAge and returns their estimated records.
func (p *pending) expire(now time.Time, maxAge time.Duration) (dropped int) {
	for i := 0; i < len(p.sets); {
		if maxAge > 0 && now.Sub(p.sets[i].at) > maxAge {
			dropped += p.sets[i].records
			p.remove(i)
			continue
		}
		i++
	}
	return dropped
}
