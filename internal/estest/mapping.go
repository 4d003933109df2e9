// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package estest

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// field is one node of an index mapping: an object (Type "object" or "") with
// Properties, or a leaf of a concrete type.
type field struct {
	Type       string
	Format     string
	Dynamic    string // "", "true", "false", "strict", "runtime"
	Coerce     *bool
	Properties map[string]*field
}

func (f *field) isObject() bool { return f.Type == "" || f.Type == "object" || f.Type == "nested" }

// dynamicTemplate is one entry of "dynamic_templates".
type dynamicTemplate struct {
	Name             string
	Match            []string
	Unmatch          []string
	PathMatch        []string
	PathUnmatch      []string
	MatchMappingType []string
	Mapping          map[string]any
}

// mapping is the mapping of one index: what a template gives it plus the
// fields added dynamically since.
type mapping struct {
	root             *field
	dynamicTemplates []dynamicTemplate
	dateDetection    bool
	numericDetection bool
}

func newMapping() *mapping {
	return &mapping{root: &field{Properties: map[string]*field{}}, dateDetection: true}
}

// merge applies a "mappings" object on top of m, as Elasticsearch composes
// component templates and then the index template's own mappings in order.
func (m *mapping) merge(raw map[string]any) error {
	if v, ok := raw["date_detection"].(bool); ok {
		m.dateDetection = v
	}
	if v, ok := raw["numeric_detection"].(bool); ok {
		m.numericDetection = v
	}
	if d, ok := raw["dynamic"]; ok {
		m.root.Dynamic = fmt.Sprint(d)
	}
	if props, ok := raw["properties"].(map[string]any); ok {
		if err := mergeProperties(m.root, props); err != nil {
			return err
		}
	}
	if dts, ok := raw["dynamic_templates"].([]any); ok {
		for _, dt := range dts {
			parsed, err := parseDynamicTemplates(dt)
			if err != nil {
				return err
			}
			for _, p := range parsed {
				m.putDynamicTemplate(p)
			}
		}
	}
	return nil
}

func (m *mapping) putDynamicTemplate(dt dynamicTemplate) {
	for i := range m.dynamicTemplates {
		if m.dynamicTemplates[i].Name == dt.Name {
			m.dynamicTemplates[i] = dt
			return
		}
	}
	m.dynamicTemplates = append(m.dynamicTemplates, dt)
}

// mergeProperties merges a "properties" object into parent. Dotted names
// ("source.ip") are expanded into objects as Elasticsearch does.
func mergeProperties(parent *field, props map[string]any) error {
	for name, rawDef := range props {
		def, ok := rawDef.(map[string]any)
		if !ok {
			return fmt.Errorf("mapping definition for [%s] must be an object", name)
		}
		node := parent
		parts := strings.Split(name, ".")
		for _, p := range parts[:len(parts)-1] {
			node = child(node, p)
		}
		leaf := child(node, parts[len(parts)-1])
		if err := applyDefinition(leaf, def); err != nil {
			return fmt.Errorf("[%s]: %w", name, err)
		}
	}
	return nil
}

func child(parent *field, name string) *field {
	if parent.Properties == nil {
		parent.Properties = map[string]*field{}
	}
	c, ok := parent.Properties[name]
	if !ok {
		c = &field{}
		parent.Properties[name] = c
	}
	return c
}

func applyDefinition(f *field, def map[string]any) error {
	if t, ok := def["type"].(string); ok {
		if _, known := leafTypes[t]; !known && t != "object" && t != "nested" {
			return fmt.Errorf("no handler for type [%s] declared on field", t)
		}
		f.Type = t
	}
	if v, ok := def["format"].(string); ok {
		f.Format = v
	}
	if v, ok := def["dynamic"]; ok {
		f.Dynamic = fmt.Sprint(v)
	}
	if v, ok := def["coerce"].(bool); ok {
		f.Coerce = &v
	}
	if props, ok := def["properties"].(map[string]any); ok {
		if !f.isObject() {
			return fmt.Errorf("type [%s] cannot have properties", f.Type)
		}
		return mergeProperties(f, props)
	}
	return nil
}

func parseDynamicTemplates(raw any) ([]dynamicTemplate, error) {
	obj, ok := raw.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("dynamic template must be an object")
	}
	var out []dynamicTemplate
	for name, body := range obj {
		b, ok := body.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("dynamic template [%s] must be an object", name)
		}
		dt := dynamicTemplate{
			Name:             name,
			Match:            stringList(b["match"]),
			Unmatch:          stringList(b["unmatch"]),
			PathMatch:        stringList(b["path_match"]),
			PathUnmatch:      stringList(b["path_unmatch"]),
			MatchMappingType: stringList(b["match_mapping_type"]),
		}
		dt.Mapping, _ = b["mapping"].(map[string]any)
		if dt.Mapping == nil {
			return nil, fmt.Errorf("dynamic template [%s] has no mapping", name)
		}
		out = append(out, dt)
	}
	return out, nil
}

func stringList(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{t}
	case []any:
		out := make([]string, 0, len(t))
		for _, e := range t {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// matches reports whether dt applies to a new field at fullPath whose
// detected JSON type is detected ("string", "long", "double", "boolean",
// "object", "date").
func (dt *dynamicTemplate) matches(fullPath, detected string) bool {
	name := fullPath[strings.LastIndexByte(fullPath, '.')+1:]
	if len(dt.MatchMappingType) > 0 && !slices.Contains(dt.MatchMappingType, "*") &&
		!slices.Contains(dt.MatchMappingType, detected) {
		return false
	}
	if len(dt.Match) > 0 && !anyGlob(dt.Match, name) {
		return false
	}
	if anyGlob(dt.Unmatch, name) {
		return false
	}
	if len(dt.PathMatch) > 0 && !anyGlob(dt.PathMatch, fullPath) {
		return false
	}
	return !anyGlob(dt.PathUnmatch, fullPath)
}

// anyGlob matches Elasticsearch "simple" patterns, where only * is special.
func anyGlob(patterns []string, s string) bool {
	for _, p := range patterns {
		if simpleMatch(p, s) {
			return true
		}
	}
	return false
}

func simpleMatch(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == s
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	last := parts[len(parts)-1]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return strings.HasSuffix(s, last)
}

// flatten returns path -> type for every leaf, for tests and /_mapping.
func (m *mapping) flatten() map[string]string {
	out := map[string]string{}
	var walk func(prefix string, f *field)
	walk = func(prefix string, f *field) {
		for _, name := range slices.Sorted(maps.Keys(f.Properties)) {
			c := f.Properties[name]
			p := name
			if prefix != "" {
				p = prefix + "." + name
			}
			if c.isObject() {
				walk(p, c)
				continue
			}
			out[p] = c.Type
		}
	}
	walk("", m.root)
	return out
}

// toJSON renders the mapping as Elasticsearch returns it from GET /<index>/_mapping.
func (m *mapping) toJSON() map[string]any {
	var render func(f *field) map[string]any
	render = func(f *field) map[string]any {
		out := map[string]any{}
		if !f.isObject() || f.Type == "nested" {
			out["type"] = f.Type
		}
		if f.Format != "" {
			out["format"] = f.Format
		}
		if f.Dynamic != "" {
			out["dynamic"] = f.Dynamic
		}
		if len(f.Properties) > 0 {
			props := map[string]any{}
			for k, v := range f.Properties {
				props[k] = render(v)
			}
			out["properties"] = props
		}
		return out
	}
	out := render(m.root)
	if len(m.dynamicTemplates) > 0 {
		dts := make([]any, 0, len(m.dynamicTemplates))
		for _, dt := range m.dynamicTemplates {
			b, _ := json.Marshal(dt.Mapping)
			var cp map[string]any
			_ = json.Unmarshal(b, &cp)
			dts = append(dts, map[string]any{dt.Name: map[string]any{"mapping": cp}})
		}
		out["dynamic_templates"] = dts
	}
	return out
}
