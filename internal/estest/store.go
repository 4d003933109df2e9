// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package estest

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
)

// index is one index or data stream and its documents.
type index struct {
	name       string
	template   string
	mapping    *mapping
	dataStream bool
	docs       []storedDoc
	// ids holds every live _id, also when DiscardDocs keeps no docs: its
	// length is the document count. The position is only meaningful when
	// docs are kept.
	ids map[string]int // _id -> position in docs
}

type storedDoc struct {
	id     string
	source []byte
}

// Document is a stored document.
type Document struct {
	ID     string
	Source map[string]any // numbers are json.Number
}

// Counts are what the server has seen since it started.
type Counts struct {
	// BulkRequests answered 200 (items may still have failed).
	BulkRequests int `json:"bulk_requests"`
	// RejectedRequests answered 429 or 503 because of the mode.
	RejectedRequests int `json:"rejected_requests"`
	// LostResponses are bulk requests applied but not answered (ModeLoseResponse).
	LostResponses int `json:"lost_responses"`
	// Items in answered bulk requests.
	Items int `json:"items"`
	// Created documents (201), Updated ones (200, index action over an existing _id).
	Created int `json:"created"`
	Updated int `json:"updated"`
	// Failed items (mapping rejections and other 4xx), Conflicts (409, create of an existing _id).
	Failed    int `json:"failed"`
	Conflicts int `json:"conflicts"`
	// Docs per index (or data stream) now.
	Docs map[string]int `json:"docs"`
}

// Counts returns a snapshot of the counters.
func (s *Server) Counts() Counts {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.counts
	c.Docs = make(map[string]int, len(s.indices))
	for n, idx := range s.indices {
		c.Docs[n] = len(idx.ids)
	}
	return c
}

func (s *Server) countRejected() {
	s.mu.Lock()
	s.counts.RejectedRequests++
	s.mu.Unlock()
}

// Indices returns the names of the indices and data streams that exist, sorted.
func (s *Server) Indices() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Sorted(maps.Keys(s.indices))
}

// Docs returns the documents of an index or data stream in indexing order
// (none when Options.DiscardDocs is set).
func (s *Server) Docs(name string) []Document {
	s.mu.Lock()
	var stored []storedDoc
	if idx, ok := s.indices[name]; ok {
		stored = slices.Clone(idx.docs)
	}
	s.mu.Unlock()
	out := make([]Document, 0, len(stored))
	for _, d := range stored {
		dec := json.NewDecoder(bytes.NewReader(d.source))
		dec.UseNumber()
		var src map[string]any
		_ = dec.Decode(&src)
		out = append(out, Document{ID: d.id, Source: src})
	}
	return out
}

// FieldTypes returns the current mapping of an index as dotted path -> type,
// including fields added by dynamic mapping (strings without a dynamic
// template show up as "text", as Elasticsearch maps them).
func (s *Server) FieldTypes(name string) map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if idx, ok := s.indices[name]; ok {
		return idx.mapping.flatten()
	}
	return nil
}

// IndexTemplate returns the name of the index template an index was created from ("" if none).
func (s *Server) IndexTemplate(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if idx, ok := s.indices[name]; ok {
		return idx.template
	}
	return ""
}

// HasILMPolicy reports whether an ILM policy of that name was installed.
func (s *Server) HasILMPolicy(name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.ilmPolicies[name]
	return ok
}

func (s *Server) count(name string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	total := 0
	for n, idx := range s.indices {
		if simpleMatch(name, n) {
			total += len(idx.ids)
		}
	}
	return total
}

// indexFor returns the index named name, creating it from the matching
// template. Called with s.mu held.
func (s *Server) indexFor(name string) (*index, *docError) {
	if idx, ok := s.indices[name]; ok {
		return idx, nil
	}
	if err := validIndexName(name); err != nil {
		return nil, &docError{Type: "invalid_index_name_exception", Reason: "Invalid index name [" + name + "], " + err.Error()}
	}
	idx := &index{name: name, mapping: newMapping(), ids: map[string]int{}}
	if tname, t := s.matchingTemplate(name); t != nil {
		m, err := s.composeMapping(t)
		if err != nil {
			return nil, &docError{Type: "mapper_parsing_exception", Reason: err.Error()}
		}
		idx.template, idx.mapping, idx.dataStream = tname, m, t.dataStream
	}
	s.indices[name] = idx
	return idx, nil
}
