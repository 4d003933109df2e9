// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"net/netip"
	"time"
)

// exporterKey scopes templates, options state, sequence numbers and pending data. RFC 7011
// section 8 makes template IDs unique per Transport Session and Observation Domain, and for UDP
// the Transport Session is the exporter's source address and port (section 10.3); RFC 3954
// section 5.1 scopes v9 templates to the exporter and source ID the same way. Two exporters
// behind one NAT address, or two processes on one host, are two sessions. port is 0 when the
// receiver keys by address only (Config.KeyByAddress).
type exporterKey struct {
	addr    netip.Addr
	port    uint16
	version uint16
	domain  uint32
}

// keyOf is the exporter key of a message from src.
func (d *Decoder) keyOf(src netip.AddrPort, version uint16, domain uint32) exporterKey {
	if d.cfg.KeyByAddress {
		return exporterKey{addr: src.Addr(), version: version, domain: domain}
	}
	return exporterKey{addr: src.Addr(), port: src.Port(), version: version, domain: domain}
}

// addressKey is k without its port: the scope of state saved by versions that keyed by address.
func (k exporterKey) addressKey() exporterKey {
	k.port = 0
	return k
}

// Bounds on options-derived state per exporter, so options data cannot grow memory without limit.
const (
	maxInterfaceNames = 4096
	maxSamplers       = 1024
)

// exporter is everything remembered about one exporter and observation domain.
type exporter struct {
	key        exporterKey
	templates  map[uint16]*template
	seq        sequence
	samplers   map[uint64]uint32 // sampler/selector ID -> interval; key anySampler = exporter-wide
	ifNames    map[uint32]string // ifIndex -> ifName (or ifDescription)
	sysInitNs  int64             // systemInitTimeMilliseconds from options data
	pending    pending
	lastSeen   time.Time
	lastUptime uint32
	hasUptime  bool
	sampled    samplingMemo       // sampling.go
	apps       map[appID]appNames // application.go: applicationId -> names from options data
}

// anySampler is the samplers key of options records that name no sampler (scope system).
const anySampler = ^uint64(0)

func newExporter(k exporterKey) *exporter {
	return &exporter{key: k, templates: make(map[uint16]*template)}
}

// idle reports an exporter with nothing left to use that has been silent for longer than idle.
func (e *exporter) idle(now time.Time, idle time.Duration) bool {
	return len(e.templates) == 0 && len(e.pending.sets) == 0 && now.Sub(e.lastSeen) > idle
}

func (e *exporter) ifName(idx uint64) string {
	if e.ifNames == nil {
		return ""
	}
	return e.ifNames[uint32(idx)]
}

// sampling returns the interval of the record's sampler, else the only or exporter-wide one.
func (e *exporter) sampling(id uint64, hasID bool) uint32 {
	if len(e.samplers) == 0 {
		return 0
	}
	if hasID {
		if iv, ok := e.samplers[id]; ok {
			return iv
		}
	}
	if iv, ok := e.samplers[anySampler]; ok {
		return iv
	}
	if len(e.samplers) == 1 {
		for _, iv := range e.samplers {
			return iv
		}
	}
	return 0
}

// learnOptions keeps what options records say about sampling, interfaces and uptime
// (RFC 7011 section 4, RFC 3954 section 6.1), so data records can carry it.
func (e *exporter) learnOptions(f *flow) bool {
	// changed only when a value differs: exporters resend options data every few seconds and
	// the receiver persists state whenever it changes.
	changed := false
	if f.is(rSysInit) && e.sysInitNs != int64(f.num[rSysInit]) {
		e.sysInitNs = int64(f.num[rSysInit])
		changed = true
	}
	if iv := uint32(f.ownSampling()); iv > 0 {
		key := anySampler
		if f.is(rSamplerID) {
			key = f.num[rSamplerID]
		}
		if e.samplers == nil {
			e.samplers = make(map[uint64]uint32)
		}
		if old, ok := e.samplers[key]; (ok && old != iv) || (!ok && len(e.samplers) < maxSamplers) {
			e.samplers[key] = iv
			changed = true
		}
	}
	app := e.learnApplication(f)
	return e.learnInterface(f) || app || changed
}

func (e *exporter) learnInterface(f *flow) bool {
	name := f.str[sIfName]
	if name == "" {
		name = f.str[sIfDesc]
	}
	if name == "" || !f.is(rInIf) && !f.is(rOutIf) {
		return false
	}
	idx, _ := f.first(rInIf, rOutIf)
	if e.ifNames == nil {
		e.ifNames = make(map[uint32]string)
	}
	old, ok := e.ifNames[uint32(idx)]
	if (ok && old == name) || (!ok && len(e.ifNames) >= maxInterfaceNames) {
		return false
	}
	e.ifNames[uint32(idx)] = name
	return true
}
