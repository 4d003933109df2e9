package decoder

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"time"
)

// stateVersion is bumped whenever the saved layout changes; other versions are rejected.
const stateVersion = 1

type savedState struct {
	Version   int             `json:"version"`
	Exporters []savedExporter `json:"exporters"`
}

type savedExporter struct {
	Addr      netip.Addr        `json:"addr"`
	Version   uint16            `json:"version"`
	Domain    uint32            `json:"domain"`
	Templates []savedTemplate   `json:"templates,omitempty"`
	Samplers  map[uint64]uint32 `json:"samplers,omitempty"`
	IfNames   map[uint32]string `json:"if_names,omitempty"`
	SysInitNs int64             `json:"sys_init_ns,omitempty"`
}

type savedTemplate struct {
	ID         uint16      `json:"id"`
	ScopeCount int         `json:"scope_count,omitempty"`
	Options    bool        `json:"options,omitempty"`
	Learned    time.Time   `json:"learned"`
	Fields     []fieldSpec `json:"fields"`
}

// MarshalState serializes templates and options state (JSON, versioned).
func (d *Decoder) MarshalState() ([]byte, error) {
	s := savedState{Version: stateVersion}
	for k, e := range d.exporters {
		if len(e.templates) == 0 && len(e.samplers) == 0 && len(e.ifNames) == 0 && e.sysInitNs == 0 {
			continue
		}
		se := savedExporter{Addr: k.addr, Version: k.version, Domain: k.domain,
			Samplers: e.samplers, IfNames: e.ifNames, SysInitNs: e.sysInitNs}
		for _, t := range e.templates {
			se.Templates = append(se.Templates, savedTemplate{ID: t.id, ScopeCount: t.scopeCount,
				Options: t.options, Learned: t.learned, Fields: t.fields})
		}
		s.Exporters = append(s.Exporters, se)
	}
	return json.Marshal(s)
}

// RestoreState replaces the Decoder's state with a saved one; on error the Decoder is empty.
func (d *Decoder) RestoreState(data []byte) error {
	d.exporters = make(map[exporterKey]*exporter)
	d.templates = 0
	var s savedState
	if err := json.Unmarshal(data, &s); err != nil {
		return fmt.Errorf("%w: %w", ErrBadState, err)
	}
	if s.Version != stateVersion {
		return fmt.Errorf("%w: version %d, want %d", ErrBadState, s.Version, stateVersion)
	}
	for _, se := range s.Exporters {
		if err := d.restoreExporter(se); err != nil {
			d.exporters = make(map[exporterKey]*exporter)
			d.templates = 0
			return err
		}
	}
	return nil
}

func (d *Decoder) restoreExporter(se savedExporter) error {
	k := exporterKey{se.Addr, se.Version, se.Domain}
	if !se.Addr.IsValid() || (se.Version != 5 && se.Version != 9 && se.Version != 10) {
		return fmt.Errorf("%w: exporter %v version %d", ErrBadState, se.Addr, se.Version)
	}
	if d.cfg.MaxExporters > 0 && len(d.exporters) >= d.cfg.MaxExporters {
		return nil // over the limit: the rest will be relearned from the exporters
	}
	e := newExporter(k)
	e.samplers, e.ifNames, e.sysInitNs = se.Samplers, se.IfNames, se.SysInitNs
	for _, st := range se.Templates {
		if st.ID < minDataSetID || len(st.Fields) == 0 || st.ScopeCount < 0 || st.ScopeCount > len(st.Fields) ||
			(d.cfg.MaxFieldsPerTemplate > 0 && len(st.Fields) > d.cfg.MaxFieldsPerTemplate) {
			return fmt.Errorf("%w: template %d", ErrBadState, st.ID)
		}
		if d.cfg.MaxTemplatesPerExporter > 0 && len(e.templates) >= d.cfg.MaxTemplatesPerExporter {
			break
		}
		t := compile(planSpec{id: st.ID, fields: st.Fields, scopeCount: st.ScopeCount,
			v9Scope: se.Version == 9, copies: d.cfg.NetflowCopies || st.Options})
		t.options, t.learned = st.Options, st.Learned
		e.templates[st.ID] = t
		d.templates++
	}
	d.exporters[k] = e
	return nil
}
