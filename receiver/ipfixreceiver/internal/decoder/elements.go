// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import "github.com/otelcol-flows/otelcol-flows/internal/iana"

// Elements is the information element table templates are compiled with: the compiled IANA
// and vendor table, with the operator's definitions (the receiver's custom_elements) over it.
// It is built once and only read after, so the workers' decoders share one.
type Elements struct {
	custom map[uint64]iana.Element
}

// NewElements returns the compiled table with defs over it: a definition with the PEN and ID
// of a compiled element replaces it. The receiver's configuration has checked defs (types,
// duplicates, names); nil or empty defs give the compiled table alone.
func NewElements(defs []iana.Element) *Elements {
	if len(defs) == 0 {
		return nil
	}
	t := &Elements{custom: make(map[uint64]iana.Element, len(defs))}
	for _, e := range defs {
		if e.Key == "" {
			e.Key = iana.KeyFor(e.Name)
		}
		t.custom[elementKey(e.PEN, e.ID)] = e
	}
	return t
}

func elementKey(pen uint32, id uint16) uint64 { return uint64(pen)<<16 | uint64(id) }

// Lookup returns the element of pen and id; a nil table is the compiled one.
func (t *Elements) Lookup(pen uint32, id uint16) (iana.Element, bool) {
	if t != nil {
		if e, ok := t.custom[elementKey(pen, id)]; ok {
			return e, true
		}
	}
	return iana.Lookup(pen, id)
}

// current returns t compiled with the decoder's element table. Templates restored from storage
// are compiled before they meet a decoder's table: the first data set that uses one compiles it
// again (once), so a restored template names custom elements as a freshly learned one does.
func (d *Decoder) current(e *exporter, t *template) *template {
	if t.elements == d.cfg.Elements {
		return t
	}
	nt := compile(planSpec{id: t.id, fields: t.fields, scopeCount: t.scopeCount, options: t.options,
		v9Scope: t.v9Scope, copies: t.copies, elements: d.cfg.Elements})
	nt.learned = t.learned
	e.templates[t.id] = nt
	return nt
}
