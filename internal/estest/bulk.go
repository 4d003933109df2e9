// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package estest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// bulkItem is one action of a _bulk request, decoded outside the lock.
type bulkItem struct {
	action    string // create, index, delete, update
	index     string
	id        string
	requireDS bool
	source    []byte
	doc       map[string]any
	decodeErr error
}

func (s *Server) serveBulk(w http.ResponseWriter, r *http.Request, parts []string) {
	if r.Method != http.MethodPost && r.Method != http.MethodPut {
		writeError(w, &apiError{status: http.StatusMethodNotAllowed, typ: "illegal_argument_exception", reason: "method not allowed"})
		return
	}
	start := time.Now()
	body, apiErr := bulkBody(r)
	if apiErr != nil {
		writeError(w, apiErr)
		return
	}
	defaultIndex := ""
	if len(parts) == 2 {
		defaultIndex = parts[0]
	}
	q := r.URL.Query()
	items, apiErr := parseBulk(body, defaultIndex, q.Get("require_data_stream") == "true", !s.opts.SkipValidation)
	if apiErr != nil {
		writeError(w, apiErr)
		return
	}
	results, hasErrors := s.applyBulk(items)
	resp := map[string]any{"took": time.Since(start).Milliseconds(), "errors": hasErrors, "items": results}
	var out any = resp
	if fp := q.Get("filter_path"); fp != "" {
		out = filterPath(resp, strings.Split(fp, ","))
	}
	writeJSON(w, http.StatusOK, out)
}

func bulkBody(r *http.Request) ([]byte, *apiError) {
	var rd io.Reader = r.Body
	if strings.EqualFold(r.Header.Get("Content-Encoding"), "gzip") {
		gz, err := gzip.NewReader(r.Body)
		if err != nil {
			return nil, badRequest("parse_exception", "bad gzip body: "+err.Error())
		}
		defer gz.Close()
		rd = gz
	}
	body, err := io.ReadAll(rd)
	if err != nil {
		return nil, badRequest("parse_exception", err.Error())
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, badRequest("action_request_validation_exception", "Validation Failed: 1: no requests added;")
	}
	if body[len(body)-1] != '\n' {
		return nil, badRequest("illegal_argument_exception", "The bulk request must be terminated by a newline [\\n]")
	}
	return body, nil
}

// parseBulk splits the NDJSON body into items: an action line, and a source
// line for every action but delete.
func parseBulk(body []byte, defaultIndex string, requireDS, decode bool) ([]*bulkItem, *apiError) {
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 0, 64*1024), 100<<20)
	var items []*bulkItem
	line := 0
	for sc.Scan() {
		line++
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 {
			continue
		}
		it, err := parseAction(raw, defaultIndex, requireDS)
		if err != nil {
			return nil, badRequest("illegal_argument_exception", fmt.Sprintf("Malformed action/metadata line [%d]: %v", line, err))
		}
		if it.action != "delete" {
			if !sc.Scan() {
				return nil, badRequest("illegal_argument_exception", "The bulk request must be terminated by a newline [\\n]")
			}
			line++
			if decode {
				it.source = bytes.Clone(sc.Bytes())
				dec := json.NewDecoder(bytes.NewReader(it.source))
				dec.UseNumber()
				it.decodeErr = dec.Decode(&it.doc)
			}
		}
		items = append(items, it)
	}
	return items, nil
}

func parseAction(raw []byte, defaultIndex string, requireDS bool) (*bulkItem, error) {
	var a map[string]struct {
		Index             string `json:"_index"`
		ID                string `json:"_id"`
		RequireDataStream *bool  `json:"require_data_stream"`
	}
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, fmt.Errorf("expected START_OBJECT: %w", err)
	}
	if len(a) != 1 {
		return nil, fmt.Errorf("expected one action, found %d", len(a))
	}
	for action, meta := range a {
		switch action {
		case "create", "index", "delete", "update":
		default:
			return nil, fmt.Errorf("expected one of [create, delete, index, update] but found [%s]", action)
		}
		it := &bulkItem{action: action, index: meta.Index, id: meta.ID, requireDS: requireDS}
		if it.index == "" {
			it.index = defaultIndex
		}
		if meta.RequireDataStream != nil {
			it.requireDS = *meta.RequireDataStream
		}
		return it, nil
	}
	return nil, fmt.Errorf("unreachable")
}

func (s *Server) applyBulk(items []*bulkItem) ([]any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts.BulkRequests++
	results := make([]any, 0, len(items))
	hasErrors := false
	for _, it := range items {
		res, status := s.applyItem(it)
		s.counts.Items++
		switch {
		case status == http.StatusCreated:
			s.counts.Created++
		case status == http.StatusOK:
			s.counts.Updated++
		case status == http.StatusConflict:
			s.counts.Conflicts++
			hasErrors = true
		default:
			s.counts.Failed++
			hasErrors = true
		}
		results = append(results, map[string]any{it.action: res})
	}
	return results, hasErrors
}

// applyItem indexes one item. Called with s.mu held.
func (s *Server) applyItem(it *bulkItem) (map[string]any, int) {
	if it.index == "" {
		return itemError(it, 400, &docError{Type: "action_request_validation_exception", Reason: "Validation Failed: 1: index is missing;"})
	}
	if derr := s.checkDataStream(it); derr != nil {
		status := 400
		if derr.Type == "index_not_found_exception" {
			status = 404
		}
		return itemError(it, status, derr)
	}
	idx, derr := s.indexFor(it.index)
	if derr != nil {
		return itemError(it, 400, derr)
	}
	if idx.dataStream && it.action != "create" {
		return itemError(it, 400, &docError{Type: "illegal_argument_exception",
			Reason: "only write ops with an op_type of create are allowed in data streams"})
	}
	switch it.action {
	case "delete":
		return s.deleteDoc(idx, it)
	case "update":
		return itemError(it, 400, &docError{Type: "illegal_argument_exception", Reason: "estest does not implement the update action"})
	}
	if it.id == "" {
		it.id = s.newID()
	}
	prev, exists := idx.ids[it.id]
	if exists && it.action == "create" {
		return itemError(it, 409, &docError{Type: "version_conflict_engine_exception",
			Reason: fmt.Sprintf("[%s]: version conflict, document already exists (current version [1])", it.id)})
	}
	if derr := s.parseDoc(idx, it); derr != nil {
		return itemError(it, 400, derr)
	}
	return s.storeDoc(idx, it, prev, exists)
}

// checkDataStream enforces require_data_stream: the target must be, or be
// created as, a data stream. Called with s.mu held.
func (s *Server) checkDataStream(it *bulkItem) *docError {
	if !it.requireDS {
		return nil
	}
	if idx, ok := s.indices[it.index]; ok {
		if !idx.dataStream {
			return &docError{Type: "illegal_argument_exception",
				Reason: fmt.Sprintf("only write ops to data streams are allowed, but [%s] is not a data stream", it.index)}
		}
		return nil
	}
	if _, t := s.matchingTemplate(it.index); t == nil || !t.dataStream {
		return &docError{Type: "index_not_found_exception",
			Reason: "the index creation request requires a data stream, but no matching index template with data stream template was found for it"}
	}
	return nil
}

func (s *Server) parseDoc(idx *index, it *bulkItem) *docError {
	if s.opts.SkipValidation {
		return nil
	}
	errType := s.parseErrorType()
	if it.decodeErr != nil || it.doc == nil {
		return &docError{Type: errType, Reason: "failed to parse", CausedBy: &errIllegal{typ: "x_content_parse_exception", reason: fmt.Sprint(it.decodeErr)}}
	}
	if idx.dataStream {
		if _, ok := it.doc["@timestamp"]; !ok {
			return &docError{Type: errType, Reason: "data stream timestamp field [@timestamp] is missing"}
		}
	}
	p := docParser{m: idx.mapping, id: it.id, parseErrTyp: errType}
	if err := p.parse(it.doc); err != nil {
		if de, ok := err.(*docError); ok {
			return de
		}
		return &docError{Type: errType, Reason: err.Error()}
	}
	p.commit()
	return nil
}

func (s *Server) storeDoc(idx *index, it *bulkItem, prev int, exists bool) (map[string]any, int) {
	s.seqNo++
	doc := storedDoc{id: it.id}
	if !s.opts.DiscardDocs {
		doc.source = it.source
	}
	status, result, version := http.StatusCreated, "created", 1
	if exists {
		status, result, version = http.StatusOK, "updated", 2
		if !s.opts.DiscardDocs {
			idx.docs[prev] = doc
		}
	} else {
		if !s.opts.DiscardDocs {
			idx.docs = append(idx.docs, doc)
		}
		idx.ids[it.id] = len(idx.docs) - 1
	}
	return map[string]any{
		"_index": backingIndex(idx), "_id": it.id, "_version": version, "result": result,
		"_shards": map[string]int{"total": 2, "successful": 1, "failed": 0},
		"_seq_no": s.seqNo, "_primary_term": 1, "status": status,
	}, status
}

func (s *Server) deleteDoc(idx *index, it *bulkItem) (map[string]any, int) {
	pos, ok := idx.ids[it.id]
	if !ok {
		return map[string]any{"_index": backingIndex(idx), "_id": it.id, "result": "not_found", "status": 404}, http.StatusNotFound
	}
	delete(idx.ids, it.id)
	if !s.opts.DiscardDocs {
		idx.docs = append(idx.docs[:pos], idx.docs[pos+1:]...)
		for id, p := range idx.ids {
			if p > pos {
				idx.ids[id] = p - 1
			}
		}
	}
	return map[string]any{"_index": backingIndex(idx), "_id": it.id, "result": "deleted", "status": 200}, http.StatusOK
}

func backingIndex(idx *index) string {
	if idx.dataStream {
		return ".ds-" + idx.name + "-" + time.Now().UTC().Format("2006.01.02") + "-000001"
	}
	return idx.name
}

func itemError(it *bulkItem, status int, e *docError) (map[string]any, int) {
	res := map[string]any{"_index": it.index, "status": status, "error": e.toJSON()}
	if it.id != "" {
		res["_id"] = it.id
	}
	return res, status
}

// newID makes an id shaped like Elasticsearch's auto-generated ones (20 url-safe characters).
func (s *Server) newID() string {
	var b [15]byte
	binary.BigEndian.PutUint64(b[:8], uint64(time.Now().UnixNano()))
	binary.BigEndian.PutUint64(b[7:], uint64(s.seqNo)+1)
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// parseErrorType follows the version the server reports: Elasticsearch 8.8
// renamed per-document parse failures to document_parsing_exception.
func (s *Server) parseErrorType() string {
	major, minor := 0, 0
	if p := strings.SplitN(s.opts.Version, ".", 3); len(p) >= 2 {
		major, _ = strconv.Atoi(p[0])
		minor, _ = strconv.Atoi(p[1])
	}
	if major > 8 || (major == 8 && minor >= 8) {
		return "document_parsing_exception"
	}
	return "mapper_parsing_exception"
}
