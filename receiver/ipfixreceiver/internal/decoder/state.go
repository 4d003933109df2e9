// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"time"
)

// stateVersion is bumped whenever the saved layout changes. Version 3 is one document for the
// whole receiver; version 2 had the same exporter layout in one blob per worker, version 1 had no
// port (exporters keyed by address). All three are read; other versions are rejected.
const (
	stateVersion       = 3
	stateVersionByAddr = 1
)

type savedState struct {
	Version   int             `json:"version"`
	Exporters []savedExporter `json:"exporters"`
}

type savedExporter struct {
	Addr netip.Addr `json:"addr"`
	// Port is the transport session's source port; 0 when the state is the address's (saved by a
	// receiver keyed by address, or by state version 1). UDP has no source port 0 to confuse
	// with it (RFC 768: 0 means none).
	Port      uint16            `json:"port,omitempty"`
	Version   uint16            `json:"version"`
	Domain    uint32            `json:"domain"`
	Templates []savedTemplate   `json:"templates,omitempty"`
	Samplers  map[uint64]uint32 `json:"samplers,omitempty"`
	IfNames   map[uint32]string `json:"if_names,omitempty"`
	// Apps are the names options data gave applicationIds (engine << 56 | selector), so that
	// flows are named at once after a restart, like interfaces.
	Apps      map[uint64]savedApp `json:"apps,omitempty"`
	SysInitNs int64               `json:"sys_init_ns,omitempty"`
	// LastSeen lets idle expiry go on across a restart; without it an exporter that had only
	// options state would be forgotten by the first Expire.
	LastSeen time.Time `json:"last_seen,omitzero"`
}

type savedApp struct {
	Name string `json:"name,omitempty"`
	Desc string `json:"desc,omitempty"`
}

type savedTemplate struct {
	ID         uint16      `json:"id"`
	ScopeCount int         `json:"scope_count,omitempty"`
	Options    bool        `json:"options,omitempty"`
	Learned    time.Time   `json:"learned"`
	Fields     []fieldSpec `json:"fields"`
}

// SaveState copies the templates and options state worth keeping (not sequence numbers or
// pending data). The copy shares nothing the Decoder changes, so another goroutine may encode
// it while the Decoder goes on.
func (d *Decoder) SaveState() *SavedState {
	s := &SavedState{}
	for _, all := range []map[exporterKey]*exporter{d.exporters, d.unclaimed} {
		for _, e := range all {
			if se, ok := saveExporter(e); ok {
				s.exporters = append(s.exporters, se)
			}
		}
	}
	return s
}

// EncodeState encodes the states of several Decoders as one versioned JSON document.
func EncodeState(parts ...*SavedState) ([]byte, error) {
	s := savedState{Version: stateVersion, Exporters: []savedExporter{}}
	for _, p := range parts {
		if p != nil {
			s.Exporters = append(s.Exporters, p.exporters...)
		}
	}
	// Map order is random; a stable document compares equal when nothing changed.
	slices.SortFunc(s.Exporters, func(a, b savedExporter) int {
		return cmp.Or(a.Addr.Compare(b.Addr), cmp.Compare(a.Port, b.Port), cmp.Compare(a.Version, b.Version),
			cmp.Compare(a.Domain, b.Domain))
	})
	return json.Marshal(s)
}

// saveExporter is what is worth keeping of e. Template fields are never changed in place (a
// redefinition compiles a new template), so they are shared; the options maps are not.
func saveExporter(e *exporter) (savedExporter, bool) {
	if len(e.templates) == 0 && len(e.samplers) == 0 && len(e.ifNames) == 0 && len(e.apps) == 0 && e.sysInitNs == 0 {
		return savedExporter{}, false
	}
	k := e.key
	se := savedExporter{Addr: k.addr, Port: k.port, Version: k.version, Domain: k.domain,
		Samplers: maps.Clone(e.samplers), IfNames: maps.Clone(e.ifNames), SysInitNs: e.sysInitNs, LastSeen: e.lastSeen}
	if len(e.apps) > 0 {
		se.Apps = make(map[uint64]savedApp, len(e.apps))
		for id, n := range e.apps {
			se.Apps[uint64(id)] = savedApp{Name: n.name, Desc: n.desc}
		}
	}
	for _, t := range e.templates {
		se.Templates = append(se.Templates, savedTemplate{ID: t.id, ScopeCount: t.scopeCount,
			Options: t.options, Learned: t.learned, Fields: t.fields})
	}
	slices.SortFunc(se.Templates, func(a, b savedTemplate) int { return cmp.Compare(a.ID, b.ID) })
	return se, true
}

// SavedState is the state of one or more Decoders, saved (SaveState) or parsed and checked
// (ParseState). It is read-only, so one SavedState can be merged into several Decoders: a
// receiver splits one document over its Decoders, whatever their number when it was saved.
type SavedState struct {
	exporters []savedExporter
}

// ParseState parses and checks a document of any readable version; a corrupt or foreign one is
// ErrBadState.
func ParseState(data []byte) (*SavedState, error) {
	var s savedState
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadState, err)
	}
	if s.Version < stateVersionByAddr || s.Version > stateVersion {
		return nil, fmt.Errorf("%w: version %d, want %d", ErrBadState, s.Version, stateVersion)
	}
	for i, se := range s.Exporters {
		if err := checkExporter(se); err != nil {
			return nil, err
		}
		if s.Version == stateVersionByAddr {
			s.Exporters[i].Port = 0 // a port in a version 1 blob is not ours to believe
		}
	}
	return &SavedState{exporters: s.Exporters}, nil
}

func checkExporter(se savedExporter) error {
	if !se.Addr.IsValid() || (se.Version != 5 && se.Version != 9 && se.Version != 10) {
		return fmt.Errorf("%w: exporter %v version %d", ErrBadState, se.Addr, se.Version)
	}
	for _, st := range se.Templates {
		if st.ID < minDataSetID || len(st.Fields) == 0 || st.ScopeCount < 0 || st.ScopeCount > len(st.Fields) {
			return fmt.Errorf("%w: exporter %v template %d", ErrBadState, se.Addr, st.ID)
		}
	}
	return nil
}

// MergeState adds the saved exporters whose address owns accepts (every one when owns is nil).
// For an exporter the Decoder already knows, a saved template replaces its own only when it was
// learned later, and saved options fill in what it lacks: the most recent knowledge wins
// whichever blob it comes from. Limits apply as to live state: what is over them is left for
// the exporters to resend. Meant to be called before decoding starts.
//
// Keys follow the Decoder's configuration, whichever one saved the state: keyed by address,
// every session of an address, version and domain merges into one exporter (newest template
// wins); keyed by transport session, state saved per address waits for the first session of
// its address, version and domain (claimAddressState).
func (d *Decoder) MergeState(s *SavedState, owns func(netip.Addr) bool) {
	for _, se := range s.exporters {
		if owns != nil && !owns(se.Addr) {
			continue
		}
		e := d.restoredExporter(exporterKey{se.Addr, se.Port, se.Version, se.Domain})
		if e == nil {
			continue
		}
		d.mergeTemplates(e, se)
		e.mergeOptions(se)
		if se.LastSeen.After(e.lastSeen) {
			e.lastSeen = se.LastSeen
		}
	}
}

// restoredExporter finds or makes the exporter that saved state under k goes to; nil when
// over a limit.
func (d *Decoder) restoredExporter(k exporterKey) *exporter {
	if d.cfg.KeyByAddress {
		k = k.addressKey()
	}
	waits := k.port == 0 && !d.cfg.KeyByAddress // address state, for the first session to claim
	if e := d.exporters[k]; e != nil && !waits {
		return e
	}
	if e := d.unclaimed[k]; e != nil && waits {
		return e
	}
	if d.cfg.MaxExporters > 0 && d.exporterCount() >= d.cfg.MaxExporters {
		return nil
	}
	e := newExporter(k)
	switch {
	case waits:
		if d.unclaimed == nil {
			d.unclaimed = make(map[exporterKey]*exporter)
		}
		d.unclaimed[k] = e
	case d.cfg.MaxExportersPerAddress > 0 && len(d.perAddr[k.addr]) >= d.cfg.MaxExportersPerAddress:
		return nil
	default:
		d.insert(e)
	}
	return e
}

func (d *Decoder) mergeTemplates(e *exporter, se savedExporter) {
	for _, st := range se.Templates {
		cur, have := e.templates[st.ID]
		switch {
		case have && !st.Learned.After(cur.learned):
			continue
		case d.cfg.MaxFieldsPerTemplate > 0 && len(st.Fields) > d.cfg.MaxFieldsPerTemplate:
			continue // the limit was lowered since the save
		case !have && d.cfg.MaxTemplatesPerExporter > 0 && len(e.templates) >= d.cfg.MaxTemplatesPerExporter:
			continue
		}
		t := compile(planSpec{id: st.ID, fields: slices.Clone(st.Fields), scopeCount: st.ScopeCount,
			options: st.Options, v9Scope: se.Version == 9, copies: d.cfg.NetflowCopies || st.Options})
		t.learned = st.Learned
		e.templates[st.ID] = t
	}
}

// mergeOptions copies the saved options state the exporter does not have yet, within the same
// bounds as options data.
func (e *exporter) mergeOptions(se savedExporter) {
	if e.sysInitNs == 0 {
		e.sysInitNs = se.SysInitNs
	}
	for id, iv := range se.Samplers {
		if _, ok := e.samplers[id]; !ok && len(e.samplers) < maxSamplers {
			if e.samplers == nil {
				e.samplers = make(map[uint64]uint32, len(se.Samplers))
			}
			e.samplers[id] = iv
		}
	}
	for idx, name := range se.IfNames {
		if _, ok := e.ifNames[idx]; !ok && len(e.ifNames) < maxInterfaceNames {
			if e.ifNames == nil {
				e.ifNames = make(map[uint32]string, len(se.IfNames))
			}
			e.ifNames[idx] = name
		}
	}
	for id, n := range se.Apps {
		if _, ok := e.apps[appID(id)]; !ok && len(e.apps) < maxApplications {
			if e.apps == nil {
				e.apps = make(map[appID]appNames, len(se.Apps))
			}
			e.apps[appID(id)] = appNames{name: n.Name, desc: n.Desc}
		}
	}
}
