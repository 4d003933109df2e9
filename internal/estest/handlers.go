// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package estest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	// Every Elasticsearch response carries this header; the exporter's client
	// refuses to talk to a server whose first 2xx answer lacks it.
	w.Header().Set("X-Elastic-Product", "Elasticsearch")
	if strings.HasPrefix(r.URL.Path, "/_estest/") {
		s.serveControl(w, r)
		return
	}
	switch s.Mode() {
	case ModeTooManyRequests:
		s.countRejected()
		writeError(w, &apiError{status: http.StatusTooManyRequests, typ: "es_rejected_execution_exception",
			reason: "rejected execution of coordinating operation [coordinating_and_primary_bytes=0, replica_bytes=0, all_bytes=0, coordinating_operation_bytes=1, max_coordinating_and_primary_bytes=0]"})
		return
	case ModeUnavailable:
		s.countRejected()
		writeError(w, &apiError{status: http.StatusServiceUnavailable, typ: "master_not_discovered_exception", reason: "estest is in 503 mode"})
		return
	case ModeLoseResponse:
		if strings.HasSuffix(r.URL.Path, "/_bulk") {
			s.loseResponse(w, r)
			return
		}
	}
	s.route(w, r)
}

// loseResponse serves the request into a discarded response, then drops the connection.
func (s *Server) loseResponse(w http.ResponseWriter, r *http.Request) {
	s.route(discardResponse{header: http.Header{}}, r)
	s.mu.Lock()
	s.counts.LostResponses++
	s.mu.Unlock()
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler) // closes the connection without a response
}

type discardResponse struct{ header http.Header }

func (d discardResponse) Header() http.Header       { return d.header }
func (discardResponse) Write(b []byte) (int, error) { return len(b), nil }
func (discardResponse) WriteHeader(int)             {}

func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	switch {
	case r.URL.Path == "/":
		s.serveInfo(w, r)
	case parts[len(parts)-1] == "_bulk" && len(parts) <= 2:
		s.serveBulk(w, r, parts)
	case parts[0] == "_index_template" || parts[0] == "_component_template":
		s.serveTemplate(w, r, parts)
	case parts[0] == "_ilm" && len(parts) >= 2 && parts[1] == "policy":
		s.serveILM(w, r, parts[2:])
	case len(parts) == 2 && parts[1] == "_count" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, map[string]any{"count": s.count(parts[0])})
	case len(parts) == 2 && parts[1] == "_mapping" && r.Method == http.MethodGet:
		s.serveMapping(w, parts[0])
	case len(parts) == 2 && parts[1] == "_refresh":
		writeJSON(w, http.StatusOK, map[string]any{"_shards": map[string]int{"total": 1, "successful": 1, "failed": 0}})
	default:
		writeError(w, badRequest("illegal_argument_exception",
			fmt.Sprintf("no handler found for uri [%s] and method [%s]", r.URL.Path, r.Method)))
	}
}

func (s *Server) serveInfo(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		writeError(w, &apiError{status: http.StatusMethodNotAllowed, typ: "illegal_argument_exception", reason: "method not allowed"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"name":         "estest",
		"cluster_name": "estest",
		"cluster_uuid": "estest-cluster-uuid",
		"version": map[string]any{
			"number":                              s.opts.Version,
			"build_flavor":                        "default",
			"build_type":                          "estest",
			"lucene_version":                      "9.12.0",
			"minimum_wire_compatibility_version":  "7.17.0",
			"minimum_index_compatibility_version": "7.0.0",
		},
		"tagline": "You Know, for Search",
	})
}

// serveTemplate handles PUT/GET/DELETE of /_index_template/<name> and /_component_template/<name>.
func (s *Server) serveTemplate(w http.ResponseWriter, r *http.Request, parts []string) {
	kind := parts[0]
	name := ""
	if len(parts) > 1 {
		name = parts[1]
	}
	switch r.Method {
	case http.MethodPut, http.MethodPost:
		body, apiErr := readJSONObject(r)
		if apiErr == nil && name == "" {
			apiErr = badRequest("action_request_validation_exception", "Validation Failed: 1: name is missing;")
		}
		if apiErr == nil {
			s.mu.Lock()
			if kind == "_index_template" {
				apiErr = s.putIndexTemplate(name, body)
			} else {
				apiErr = s.putComponentTemplate(name, body)
			}
			s.mu.Unlock()
		}
		acknowledge(w, apiErr)
	case http.MethodGet, http.MethodHead:
		s.getTemplates(w, kind, name)
	case http.MethodDelete:
		s.mu.Lock()
		_, ok := s.indexTemplates[name]
		delete(s.indexTemplates, name)
		if kind == "_component_template" {
			_, ok = s.componentTemplates[name]
			delete(s.componentTemplates, name)
		}
		s.mu.Unlock()
		if !ok {
			writeError(w, &apiError{status: http.StatusNotFound, typ: "resource_not_found_exception", reason: name + " not found"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"acknowledged": true})
	default:
		writeError(w, &apiError{status: http.StatusMethodNotAllowed, typ: "illegal_argument_exception", reason: "method not allowed"})
	}
}

func (s *Server) getTemplates(w http.ResponseWriter, kind, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var list []any
	if kind == "_index_template" {
		for n, t := range s.indexTemplates {
			if name == "" || simpleMatch(name, n) {
				list = append(list, map[string]any{"name": n, "index_template": t.raw})
			}
		}
	} else {
		for n, t := range s.componentTemplates {
			if name == "" || simpleMatch(name, n) {
				list = append(list, map[string]any{"name": n, "component_template": t})
			}
		}
	}
	if len(list) == 0 && name != "" {
		what := "index template"
		if kind == "_component_template" {
			what = "component template"
		}
		writeError(w, &apiError{status: http.StatusNotFound, typ: "resource_not_found_exception",
			reason: fmt.Sprintf("%s matching [%s] not found", what, name)})
		return
	}
	key := strings.TrimPrefix(kind, "_") + "s"
	writeJSON(w, http.StatusOK, map[string]any{key: orEmptyList(list)})
}

func orEmptyList(l []any) []any {
	if l == nil {
		return []any{}
	}
	return l
}

func (s *Server) serveILM(w http.ResponseWriter, r *http.Request, rest []string) {
	name := ""
	if len(rest) > 0 {
		name = rest[0]
	}
	switch r.Method {
	case http.MethodPut:
		body, apiErr := readJSONObject(r)
		if apiErr == nil {
			s.mu.Lock()
			apiErr = s.putILMPolicy(name, body)
			s.mu.Unlock()
		}
		acknowledge(w, apiErr)
	case http.MethodGet:
		s.mu.Lock()
		out := map[string]any{}
		for n, p := range s.ilmPolicies {
			if name == "" || n == name {
				out[n] = map[string]any{"version": p.version, "modified_date": time.Now().UTC().Format(time.RFC3339), "policy": p.policy}
			}
		}
		s.mu.Unlock()
		if name != "" && len(out) == 0 {
			writeError(w, &apiError{status: http.StatusNotFound, typ: "resource_not_found_exception",
				reason: fmt.Sprintf("Lifecycle policy not found: %s", name)})
			return
		}
		writeJSON(w, http.StatusOK, out)
	default:
		writeError(w, &apiError{status: http.StatusMethodNotAllowed, typ: "illegal_argument_exception", reason: "method not allowed"})
	}
}

func (s *Server) serveMapping(w http.ResponseWriter, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	idx, ok := s.indices[name]
	if !ok {
		writeError(w, &apiError{status: http.StatusNotFound, typ: "index_not_found_exception", reason: "no such index [" + name + "]"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{name: map[string]any{"mappings": idx.mapping.toJSON()}})
}

// serveControl is the test-only API a separate process (the load harness)
// uses: GET /_estest/counts, POST /_estest/mode?mode=refuse&for=30s.
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/_estest/counts":
		writeJSON(w, http.StatusOK, s.Counts())
	case "/_estest/mode":
		m, err := ParseMode(r.URL.Query().Get("mode"))
		if err != nil {
			writeError(w, badRequest("illegal_argument_exception", err.Error()))
			return
		}
		d, _ := time.ParseDuration(r.URL.Query().Get("for"))
		if m == ModeRefuse && d <= 0 {
			writeError(w, badRequest("illegal_argument_exception", "refuse needs for=<duration>: the port is closed until it ends"))
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"acknowledged": true})
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		// Switch after answering: refuse closes this very connection.
		if d > 0 {
			_ = s.SetModeFor(m, d)
		} else {
			_ = s.SetMode(m)
		}
	default:
		writeError(w, &apiError{status: http.StatusNotFound, typ: "illegal_argument_exception", reason: "unknown estest control " + r.URL.Path})
	}
}

func readJSONObject(r *http.Request) (map[string]any, *apiError) {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, badRequest("parse_exception", err.Error())
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var body map[string]any
	if err := dec.Decode(&body); err != nil {
		return nil, badRequest("x_content_parse_exception", "request body is required and must be a JSON object: "+err.Error())
	}
	return body, nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		status, data = http.StatusInternalServerError, []byte(`{"error":"estest: cannot encode response"}`)
	}
	data = append(data, '\n')
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	_, _ = w.Write(data)
}

// acknowledge answers a write: its error, or Elasticsearch's {"acknowledged": true}.
func acknowledge(w http.ResponseWriter, apiErr *apiError) {
	if apiErr != nil {
		writeError(w, apiErr)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"acknowledged": true})
}

func writeError(w http.ResponseWriter, e *apiError) {
	writeJSON(w, e.status, e.body())
}
