// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package estest

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// docError is a per-item failure, rendered as the "error" object of a bulk item.
type docError struct {
	Type     string
	Reason   string
	CausedBy *errIllegal
}

func (e *docError) Error() string { return e.Type + ": " + e.Reason }

func (e *docError) toJSON() map[string]any {
	out := map[string]any{"type": e.Type, "reason": e.Reason}
	if e.CausedBy != nil {
		out["caused_by"] = map[string]any{"type": e.CausedBy.typ, "reason": e.CausedBy.reason}
	}
	return out
}

// docParser checks one document against an index mapping. New fields found
// on the way are collected in added and only applied to the mapping if the
// whole document parses, as Elasticsearch does with its mapping updates.
type docParser struct {
	m           *mapping
	id          string
	parseErrTyp string
	added       map[string]*field
	addedOrder  []string
}

func (p *docParser) parse(doc map[string]any) error {
	return p.parseObject(doc, "", p.m.root, p.m.root.Dynamic)
}

// commit adds the dynamically mapped fields to the index mapping.
func (p *docParser) commit() {
	for _, full := range p.addedOrder {
		parent := p.m.root
		parts := strings.Split(full, ".")
		for _, part := range parts[:len(parts)-1] {
			parent = child(parent, part)
		}
		if _, exists := parent.Properties[parts[len(parts)-1]]; !exists {
			parent.Properties[parts[len(parts)-1]] = p.added[full]
		}
	}
}

func (p *docParser) parseObject(obj map[string]any, prefix string, parent *field, dynamic string) error {
	if parent.Dynamic != "" {
		dynamic = parent.Dynamic
	}
	for key, v := range obj {
		if key == "" || strings.HasPrefix(key, ".") || strings.HasSuffix(key, ".") || strings.Contains(key, "..") {
			return &docError{Type: p.parseErrTyp, Reason: fmt.Sprintf("field name cannot contain only whitespace or be empty: ['%s']", key)}
		}
		if err := p.parseKey(parent, prefix, dynamic, key, v); err != nil {
			return err
		}
	}
	return nil
}

// parseKey resolves a possibly dotted key ("source.geo.location") to its
// mapping, object by object, and parses the value there.
func (p *docParser) parseKey(parent *field, prefix, dynamic, key string, v any) error {
	node, full := parent, prefix
	parts := strings.Split(key, ".")
	for _, part := range parts[:len(parts)-1] {
		full = join(full, part)
		next, err := p.objectChild(node, part, full, dynamic)
		if err != nil || next == nil {
			// next == nil: an unmapped object under dynamic false, kept in _source only.
			return err
		}
		node = next
		if node.Dynamic != "" {
			dynamic = node.Dynamic
		}
	}
	last := parts[len(parts)-1]
	return p.parseValue(node, last, join(full, last), dynamic, v)
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// objectChild resolves an intermediate object of a dotted key, mapping it
// dynamically if needed. It returns nil, nil when dynamic is false and the
// object is unmapped (the value is kept in _source but not indexed).
func (p *docParser) objectChild(parent *field, name, full, dynamic string) (*field, error) {
	f := p.lookup(parent, name, full)
	if f == nil {
		nf, err := p.dynamicField(name, full, dynamic, map[string]any{})
		if err != nil || nf == nil {
			return nil, err
		}
		f = nf
	}
	if !f.isObject() {
		return nil, &docError{Type: p.parseErrTyp, Reason: fmt.Sprintf(
			"Could not dynamically add mapping for field [%s]. Existing mapping for [%s] must be of type object but found [%s].",
			full, full, f.Type)}
	}
	return f, nil
}

func (p *docParser) lookup(parent *field, name, full string) *field {
	if f, ok := parent.Properties[name]; ok {
		return f
	}
	return p.added[full]
}

func (p *docParser) parseValue(parent *field, name, full, dynamic string, v any) error {
	if v == nil {
		return nil
	}
	f := p.lookup(parent, name, full)
	if f == nil {
		sample := v
		if arr, ok := v.([]any); ok {
			if len(arr) == 0 {
				return nil
			}
			sample = arr[0]
		}
		nf, err := p.dynamicField(name, full, dynamic, sample)
		if err != nil || nf == nil {
			return err
		}
		f = nf
	}
	if arr, ok := v.([]any); ok && f.Type != "geo_point" {
		for _, e := range arr {
			if err := p.parseValue(parent, name, full, dynamic, e); err != nil {
				return err
			}
		}
		return nil
	}
	if f.isObject() {
		obj, ok := v.(map[string]any)
		if !ok {
			return &docError{Type: p.parseErrTyp, Reason: fmt.Sprintf(
				"object mapping for [%s] tried to parse field [%s] as object, but found a concrete value", full, name)}
		}
		return p.parseObject(obj, full, f, dynamic)
	}
	if err := leafTypes[f.Type](f, v); err != nil {
		var ill *errIllegal
		errors.As(err, &ill)
		return &docError{
			Type: p.parseErrTyp,
			Reason: fmt.Sprintf("failed to parse field [%s] of type [%s] in document with id '%s'. Preview of field's value: '%s'",
				full, f.Type, p.id, preview(v)),
			CausedBy: ill,
		}
	}
	return nil
}

func preview(v any) string {
	if m, ok := v.(map[string]any); ok {
		b, _ := json.Marshal(m)
		return string(b)
	}
	return fmt.Sprint(v)
}

// dynamicField maps a new field: strict rejects it, false leaves it unmapped,
// otherwise the first matching dynamic template or the default dynamic mapping.
func (p *docParser) dynamicField(name, full, dynamic string, sample any) (*field, error) {
	switch dynamic {
	case "strict":
		parentName := "_doc"
		if i := strings.LastIndexByte(full, '.'); i >= 0 {
			parentName = full[:i]
		}
		return nil, &docError{Type: "strict_dynamic_mapping_exception", Reason: fmt.Sprintf(
			"mapping set to strict, dynamic introduction of [%s] within [%s] is not allowed", name, parentName)}
	case "false", "runtime":
		return nil, nil
	}
	detected := detectType(p.m, sample)
	nf := &field{}
	matched := false
	for i := range p.m.dynamicTemplates {
		dt := &p.m.dynamicTemplates[i]
		if !dt.matches(full, detected) {
			continue
		}
		if err := applyDefinition(nf, substituteDynamicType(dt.Mapping, detected)); err != nil {
			return nil, &docError{Type: "mapper_parsing_exception", Reason: err.Error()}
		}
		matched = true
		break
	}
	if nf.Type == "" && detected != "object" && (!matched || nf.Properties == nil) {
		nf.Type = defaultDynamicType(detected)
	}
	if detected == "object" && nf.Type == "" {
		nf.Properties = map[string]*field{}
	}
	if p.added == nil {
		p.added = map[string]*field{}
	}
	p.added[full] = nf
	p.addedOrder = append(p.addedOrder, full)
	return nf, nil
}

func substituteDynamicType(m map[string]any, detected string) map[string]any {
	t, ok := m["type"].(string)
	if !ok || !strings.Contains(t, "{dynamic_type}") {
		return m
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	out["type"] = strings.ReplaceAll(t, "{dynamic_type}", defaultDynamicType(detected))
	return out
}
