// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"net/netip"
	"slices"
	"time"
)

// idleEviction is how long an exporter must have been silent before a new one from the same
// address may take its place when the address has MaxExportersPerAddress: an exporter process
// that restarted sends from a new source port and leaves its old session silent, while a
// flood of spoofed source ports keeps every one of them recent, so the flood is dropped rather
// than allowed to push out the address's real sessions. Exporters that are quieter than this
// resend their templates within the template timeout anyway (RFC 7011 section 10.3.6).
const idleEviction = time.Minute

// exporterFor finds or creates the exporter state; nil when a limit is reached.
func (c *decodeCall) exporterFor(k exporterKey, now time.Time) *exporter {
	if e, ok := c.exporters[k]; ok {
		e.lastSeen = now
		return e
	}
	if !c.roomOnAddress(k.addr, now) {
		return nil
	}
	e := c.claimAddressState(k)
	if e == nil {
		if c.cfg.MaxExporters > 0 && c.exporterCount() >= c.cfg.MaxExporters {
			return nil
		}
		e = newExporter(k)
	}
	c.insert(e)
	e.lastSeen = now
	return e
}

// claimAddressState hands the state an address-keyed receiver saved for k's address, version
// and domain to the first session that shows up: with one exporter per address (the common
// case) that is the same exporter, which keeps its templates across the upgrade; a second
// session starts empty and waits for its own templates.
func (d *Decoder) claimAddressState(k exporterKey) *exporter {
	ak := k.addressKey()
	e, ok := d.unclaimed[ak]
	if !ok {
		return nil
	}
	delete(d.unclaimed, ak)
	e.key = k
	return e
}

// roomOnAddress applies MaxExportersPerAddress: at the limit, the address's longest-silent
// exporter is forgotten if it has been silent for idleEviction, else the new one is refused.
func (c *decodeCall) roomOnAddress(addr netip.Addr, now time.Time) bool {
	same := c.perAddr[addr]
	if c.cfg.MaxExportersPerAddress <= 0 || len(same) < c.cfg.MaxExportersPerAddress {
		return true
	}
	oldest := slices.MinFunc(same, func(a, b *exporter) int { return a.lastSeen.Compare(b.lastSeen) })
	if now.Sub(oldest.lastSeen) < idleEviction {
		return false
	}
	c.st.Dropped[DropPendingExpired] += oldest.pending.records
	c.st.TemplatesChanged = c.st.TemplatesChanged || len(oldest.templates) > 0
	c.remove(oldest)
	return true
}

func (d *Decoder) exporterCount() int { return len(d.exporters) + len(d.unclaimed) }

func (d *Decoder) insert(e *exporter) {
	d.exporters[e.key] = e
	d.perAddr[e.key.addr] = append(d.perAddr[e.key.addr], e)
}

func (d *Decoder) remove(e *exporter) {
	delete(d.exporters, e.key)
	same := slices.DeleteFunc(d.perAddr[e.key.addr], func(o *exporter) bool { return o == e })
	if len(same) == 0 {
		delete(d.perAddr, e.key.addr)
		return
	}
	d.perAddr[e.key.addr] = same
}

// resetExporters forgets every exporter.
func (d *Decoder) resetExporters() {
	d.exporters = make(map[exporterKey]*exporter)
	d.perAddr = make(map[netip.Addr][]*exporter)
	d.unclaimed = nil
}
