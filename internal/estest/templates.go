// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package estest

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// indexTemplate is a composable index template (PUT /_index_template/<name>).
type indexTemplate struct {
	raw        map[string]any
	patterns   []string
	composedOf []string
	priority   int
	dataStream bool
	mappings   map[string]any
}

func parseIndexTemplate(raw map[string]any) (*indexTemplate, error) {
	t := &indexTemplate{raw: raw, patterns: stringList(raw["index_patterns"]), composedOf: stringList(raw["composed_of"])}
	if len(t.patterns) == 0 {
		return nil, fmt.Errorf("index patterns are missing")
	}
	if p, ok := raw["priority"]; ok {
		n, err := numberOf(&field{}, p)
		if err != nil {
			return nil, fmt.Errorf("[priority] must be a number")
		}
		i, _ := n.Int64()
		t.priority = int(i)
	}
	_, t.dataStream = raw["data_stream"].(map[string]any)
	if tmpl, ok := raw["template"].(map[string]any); ok {
		t.mappings, _ = tmpl["mappings"].(map[string]any)
	}
	return t, nil
}

func componentMappings(raw map[string]any) map[string]any {
	tmpl, _ := raw["template"].(map[string]any)
	m, _ := tmpl["mappings"].(map[string]any)
	return m
}

// putIndexTemplate stores a template after checking, like Elasticsearch, that
// its component templates exist and that the composed mapping is valid.
// Called with s.mu held.
func (s *Server) putIndexTemplate(name string, raw map[string]any) *apiError {
	t, err := parseIndexTemplate(raw)
	if err != nil {
		return badRequest("illegal_argument_exception", err.Error())
	}
	var missing []string
	for _, c := range t.composedOf {
		if _, ok := s.componentTemplates[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return badRequest("invalid_index_template_exception", fmt.Sprintf(
			"index_template [%s] invalid, cause [index template [%s] specifies component templates %v that do not exist]", name, name, missing))
	}
	if _, err := s.composeMapping(t); err != nil {
		return badRequest("mapper_parsing_exception", err.Error())
	}
	s.indexTemplates[name] = t
	return nil
}

func (s *Server) putComponentTemplate(name string, raw map[string]any) *apiError {
	if _, ok := raw["template"].(map[string]any); !ok {
		return badRequest("x_content_parse_exception", "[component_template] failed to parse field [template]: required")
	}
	if err := newMapping().merge(orEmpty(componentMappings(raw))); err != nil {
		return badRequest("mapper_parsing_exception", err.Error())
	}
	s.componentTemplates[name] = raw
	return nil
}

func (s *Server) putILMPolicy(name string, raw map[string]any) *apiError {
	policy, ok := raw["policy"].(map[string]any)
	if !ok {
		return badRequest("x_content_parse_exception", "[put_lifecycle_request] policy is required")
	}
	if _, ok := policy["phases"].(map[string]any); !ok {
		return badRequest("x_content_parse_exception", "[lifecycle_policy] failed to parse field [phases]: required")
	}
	prev, existed := s.ilmPolicies[name]
	version := 1
	if existed {
		version = prev.version + 1
	}
	s.ilmPolicies[name] = ilmPolicy{policy: policy, version: version}
	return nil
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// composeMapping builds the mapping a new index gets from t: its component
// templates in order, then its own mappings.
func (s *Server) composeMapping(t *indexTemplate) (*mapping, error) {
	m := newMapping()
	for _, c := range t.composedOf {
		if err := m.merge(orEmpty(componentMappings(s.componentTemplates[c]))); err != nil {
			return nil, fmt.Errorf("component template [%s]: %w", c, err)
		}
	}
	if err := m.merge(orEmpty(t.mappings)); err != nil {
		return nil, err
	}
	return m, nil
}

// matchingTemplate returns the highest-priority template whose patterns match index.
func (s *Server) matchingTemplate(index string) (string, *indexTemplate) {
	var bestName string
	var best *indexTemplate
	names := make([]string, 0, len(s.indexTemplates))
	for n := range s.indexTemplates {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		t := s.indexTemplates[n]
		if !anyGlob(t.patterns, index) {
			continue
		}
		if best == nil || t.priority > best.priority {
			bestName, best = n, t
		}
	}
	return bestName, best
}

// validIndexName applies Elasticsearch's index name rules.
func validIndexName(name string) error {
	switch {
	case name == "" || name == "." || name == "..":
		return fmt.Errorf("must not be '.' or '..' or empty")
	case strings.ToLower(name) != name:
		return fmt.Errorf("must be lowercase")
	case strings.HasPrefix(name, "_") || strings.HasPrefix(name, "-") || strings.HasPrefix(name, "+"):
		return fmt.Errorf("must not start with '_', '-', or '+'")
	case strings.ContainsAny(name, `\/*?"<>| ,#:`):
		return fmt.Errorf(`must not contain the following characters [ , ", *, \, <, |, ,, >, /, ?]`)
	case len(name) > 255:
		return fmt.Errorf("index name is too long")
	}
	return nil
}

// apiError is a whole-request failure in Elasticsearch's error envelope.
type apiError struct {
	status int
	typ    string
	reason string
}

func badRequest(typ, reason string) *apiError {
	return &apiError{status: http.StatusBadRequest, typ: typ, reason: reason}
}

func (e *apiError) body() map[string]any {
	cause := map[string]any{"type": e.typ, "reason": e.reason}
	return map[string]any{
		"error":  map[string]any{"root_cause": []any{cause}, "type": e.typ, "reason": e.reason},
		"status": e.status,
	}
}
