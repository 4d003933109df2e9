// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package estest

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func newTestServer(t *testing.T, opts Options) *Server {
	t.Helper()
	s, err := NewServer(opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func do(t *testing.T, method, url, body string) (int, map[string]any, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	// A fresh connection each time: after ModeRefuse old ones are closed.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var out map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&out), string(data))
	return resp.StatusCode, out, resp.Header
}

const testComponent = `{"template":{"mappings":{
  "dynamic_templates":[
    {"netflow_addresses":{"path_match":"netflow.*_address","mapping":{"type":"ip"}}},
    {"netflow_strings":{"path_match":"netflow.*","match_mapping_type":"string","mapping":{"type":"keyword"}}}
  ],
  "properties":{
    "@timestamp":{"type":"date"},
    "source":{"properties":{"ip":{"type":"ip"},"port":{"type":"long"},"geo":{"properties":{"location":{"type":"geo_point"}}}}},
    "network.transport":{"type":"keyword"}
  }}}}`

func installTemplate(t *testing.T, s *Server, dataStream bool) {
	t.Helper()
	code, _, _ := do(t, http.MethodPut, s.URL()+"/_component_template/flows-mappings", testComponent)
	require.Equal(t, 200, code)
	ds := ""
	if dataStream {
		ds = `"data_stream":{},`
	}
	code, body, _ := do(t, http.MethodPut, s.URL()+"/_index_template/flows",
		`{"index_patterns":["flows-*"],`+ds+`"priority":200,"composed_of":["flows-mappings"]}`)
	require.Equal(t, 200, code, body)
}

func TestInfoHasVersionAndProductHeader(t *testing.T) {
	s := newTestServer(t, Options{Version: "8.15.1"})
	code, body, hdr := do(t, http.MethodGet, s.URL()+"/", "")
	assert.Equal(t, 200, code)
	assert.Equal(t, "Elasticsearch", hdr.Get("X-Elastic-Product"))
	assert.Equal(t, "8.15.1", body["version"].(map[string]any)["number"])
}

func TestOnlyLoopback(t *testing.T) {
	_, err := NewServer(Options{Addr: "0.0.0.0:0"})
	assert.Error(t, err)
}

func bulkItems(t *testing.T, body map[string]any) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, it := range body["items"].([]any) {
		for _, res := range it.(map[string]any) {
			out = append(out, res.(map[string]any))
		}
	}
	return out
}

func TestBulkPerItemMappingRejections(t *testing.T) {
	s := newTestServer(t, Options{})
	installTemplate(t, s, false)
	docs := []string{
		`{"@timestamp":"2026-11-27T01:02:03.456Z","source":{"ip":"192.0.2.1","port":53},"network.transport":"udp"}`,
		`{"@timestamp":"2026-11-27T01:02:03Z","source.ip":"not-an-ip"}`,
		`{"@timestamp":"2026-11-27T01:02:03Z","source":{"geo":{"location":{"lat":123,"lon":1}}}}`,
		`{"@timestamp":"2026-11-27T01:02:03Z","source.port":"http"}`,
		`{"@timestamp":"2026-11-27T01:02:03Z","source.port":"8080","source.geo.location":{"lat":48.8,"lon":2.3}}`,
		`{"@timestamp":"2026-11-27T01:02:03Z","network":{"transport":{"name":"tcp"}}}`,
		`{"@timestamp":"2026-11-27T01:02:03Z","netflow":{"exporter_ipv4_address":"10.0.0.1","vendor":"x"}}`,
		`{"@timestamp":"2026-11-27T01:02:03Z","netflow.post_nat_source_ipv4_address":"bogus"}`,
		`{"@timestamp":"yesterday"}`,
		`{"source":"flat"}`,
	}
	var b strings.Builder
	for _, d := range docs {
		b.WriteString(`{"create":{"_index":"flows-2026.11.27"}}` + "\n" + d + "\n")
	}
	code, body, _ := do(t, http.MethodPost, s.URL()+"/_bulk", b.String())
	require.Equal(t, 200, code)
	assert.Equal(t, true, body["errors"])
	items := bulkItems(t, body)
	require.Len(t, items, len(docs))
	wantStatus := []int{201, 400, 400, 400, 201, 400, 201, 400, 400, 400}
	for i, it := range items {
		st, _ := it["status"].(json.Number).Int64()
		assert.Equal(t, wantStatus[i], int(st), "item %d: %v", i, it)
		if st == 400 {
			e := it["error"].(map[string]any)
			assert.Equal(t, "document_parsing_exception", e["type"], "item %d", i)
		}
	}
	reason := items[1]["error"].(map[string]any)["reason"].(string)
	assert.Contains(t, reason, "failed to parse field [source.ip] of type [ip]")
	assert.Contains(t, items[5]["error"].(map[string]any)["reason"], "failed to parse field [network.transport] of type [keyword]")
	assert.Contains(t, items[9]["error"].(map[string]any)["reason"], "object mapping for [source] tried to parse field [source] as object, but found a concrete value")

	c := s.Counts()
	assert.Equal(t, 3, c.Created)
	assert.Equal(t, 7, c.Failed)
	assert.Equal(t, 3, c.Docs["flows-2026.11.27"])
	assert.Len(t, s.Docs("flows-2026.11.27"), 3)
	assert.Equal(t, "flows", s.IndexTemplate("flows-2026.11.27"))

	types := s.FieldTypes("flows-2026.11.27")
	assert.Equal(t, "ip", types["netflow.exporter_ipv4_address"], "dynamic template by path")
	assert.Equal(t, "keyword", types["netflow.vendor"], "dynamic template by type")
	assert.Equal(t, "geo_point", types["source.geo.location"])
}

func TestMapperParsingExceptionBefore88(t *testing.T) {
	s := newTestServer(t, Options{Version: "8.7.1"})
	installTemplate(t, s, false)
	_, body, _ := do(t, http.MethodPost, s.URL()+"/flows-x/_bulk", "{\"index\":{}}\n{\"source.ip\":\"300.1.1.1\"}\n")
	it := bulkItems(t, body)[0]
	e := it["error"].(map[string]any)
	assert.Equal(t, "mapper_parsing_exception", e["type"])
	assert.Equal(t, "illegal_argument_exception", e["caused_by"].(map[string]any)["type"])
}

func TestDynamicMappingSticksAcrossDocuments(t *testing.T) {
	s := newTestServer(t, Options{})
	_, body, _ := do(t, http.MethodPost, s.URL()+"/_bulk",
		"{\"index\":{\"_index\":\"plain\"}}\n{\"n\":5}\n{\"index\":{\"_index\":\"plain\"}}\n{\"n\":\"five\"}\n")
	items := bulkItems(t, body)
	assert.EqualValues(t, "201", items[0]["status"].(json.Number).String())
	assert.EqualValues(t, "400", items[1]["status"].(json.Number).String())
	assert.Equal(t, "long", s.FieldTypes("plain")["n"])
}

func TestStrictMappingRejectsUnknownFields(t *testing.T) {
	s := newTestServer(t, Options{})
	code, _, _ := do(t, http.MethodPut, s.URL()+"/_index_template/strict",
		`{"index_patterns":["strict-*"],"template":{"mappings":{"dynamic":"strict","properties":{"a":{"type":"long"}}}}}`)
	require.Equal(t, 200, code)
	_, body, _ := do(t, http.MethodPost, s.URL()+"/_bulk", "{\"create\":{\"_index\":\"strict-1\"}}\n{\"a\":1,\"b\":2}\n")
	e := bulkItems(t, body)[0]["error"].(map[string]any)
	assert.Equal(t, "strict_dynamic_mapping_exception", e["type"])
}

func TestCreateWithExistingIDConflicts(t *testing.T) {
	s := newTestServer(t, Options{})
	req := "{\"create\":{\"_index\":\"flows-a\",\"_id\":\"abc\"}}\n{\"x\":1}\n"
	_, _, _ = do(t, http.MethodPost, s.URL()+"/_bulk", req)
	_, body, _ := do(t, http.MethodPost, s.URL()+"/_bulk", req)
	it := bulkItems(t, body)[0]
	assert.EqualValues(t, "409", it["status"].(json.Number).String())
	assert.Equal(t, "version_conflict_engine_exception", it["error"].(map[string]any)["type"])
	c := s.Counts()
	assert.Equal(t, 1, c.Created)
	assert.Equal(t, 1, c.Conflicts)
	assert.Equal(t, 1, c.Docs["flows-a"])
}

func TestRequireDataStream(t *testing.T) {
	s := newTestServer(t, Options{})
	installTemplate(t, s, false)
	_, body, _ := do(t, http.MethodPost, s.URL()+"/_bulk?require_data_stream=true",
		"{\"create\":{\"_index\":\"flows-1\"}}\n{\"@timestamp\":\"2026-01-01T00:00:00Z\"}\n")
	it := bulkItems(t, body)[0]
	assert.EqualValues(t, "404", it["status"].(json.Number).String())
	assert.Empty(t, s.Indices(), "no index is created when a data stream is required")

	ds := newTestServer(t, Options{})
	installTemplate(t, ds, true)
	_, body, _ = do(t, http.MethodPost, ds.URL()+"/_bulk?require_data_stream=true",
		"{\"create\":{\"_index\":\"flows-1\"}}\n{\"@timestamp\":\"2026-01-01T00:00:00Z\"}\n{\"index\":{\"_index\":\"flows-1\"}}\n{\"@timestamp\":\"2026-01-01T00:00:00Z\"}\n{\"create\":{\"_index\":\"flows-1\"}}\n{\"a\":1}\n")
	items := bulkItems(t, body)
	assert.EqualValues(t, "201", items[0]["status"].(json.Number).String())
	assert.True(t, strings.HasPrefix(items[0]["_index"].(string), ".ds-flows-1-"))
	assert.EqualValues(t, "400", items[1]["status"].(json.Number).String(), "index op on a data stream")
	assert.Contains(t, items[2]["error"].(map[string]any)["reason"], "@timestamp")
}

func TestFilterPathAsDocappenderSendsIt(t *testing.T) {
	s := newTestServer(t, Options{})
	installTemplate(t, s, false)
	_, body, _ := do(t, http.MethodPost,
		s.URL()+"/_bulk?filter_path=items.*._index,items.*.status,items.*.error.type",
		"{\"create\":{\"_index\":\"flows-1\"}}\n{\"source.ip\":\"x\"}\n{\"create\":{\"_index\":\"flows-1\"}}\n{\"source.ip\":\"::1\"}\n")
	assert.NotContains(t, body, "took")
	items := bulkItems(t, body)
	require.Len(t, items, 2)
	assert.Equal(t, map[string]any{"type": "document_parsing_exception"}, items[0]["error"])
	assert.NotContains(t, items[1], "_id")
	assert.Equal(t, "flows-1", items[1]["_index"])
}

func TestTemplateAndILMAPIs(t *testing.T) {
	s := newTestServer(t, Options{})
	code, body, _ := do(t, http.MethodPut, s.URL()+"/_index_template/t", `{"index_patterns":["a-*"],"composed_of":["missing"]}`)
	assert.Equal(t, 400, code, body)
	code, _, _ = do(t, http.MethodPut, s.URL()+"/_component_template/c", `{"template":{"mappings":{"properties":{"x":{"type":"nonsense"}}}}}`)
	assert.Equal(t, 400, code)
	code, _, _ = do(t, http.MethodGet, s.URL()+"/_index_template/t", "")
	assert.Equal(t, 404, code)

	installTemplate(t, s, false)
	code, body, _ = do(t, http.MethodGet, s.URL()+"/_index_template/flows", "")
	assert.Equal(t, 200, code)
	assert.Len(t, body["index_templates"], 1)
	code, body, _ = do(t, http.MethodGet, s.URL()+"/_component_template/flows-mappings", "")
	assert.Equal(t, 200, code)
	assert.Len(t, body["component_templates"], 1)

	policy := `{"policy":{"phases":{"hot":{"actions":{}},"delete":{"min_age":"30d","actions":{"delete":{}}}}}}`
	code, _, _ = do(t, http.MethodPut, s.URL()+"/_ilm/policy/flows", policy)
	assert.Equal(t, 200, code)
	code, _, _ = do(t, http.MethodPut, s.URL()+"/_ilm/policy/flows", policy)
	assert.Equal(t, 200, code, "PUT is idempotent")
	code, body, _ = do(t, http.MethodGet, s.URL()+"/_ilm/policy/flows", "")
	assert.Equal(t, 200, code)
	assert.EqualValues(t, "2", body["flows"].(map[string]any)["version"].(json.Number).String())
	assert.True(t, s.HasILMPolicy("flows"))
	code, _, _ = do(t, http.MethodPut, s.URL()+"/_ilm/policy/bad", `{"nopolicy":{}}`)
	assert.Equal(t, 400, code)
}

func TestModes(t *testing.T) {
	s := newTestServer(t, Options{})
	bulk := "{\"create\":{\"_index\":\"m\"}}\n{\"a\":1}\n"

	require.NoError(t, s.SetMode(ModeTooManyRequests))
	code, body, _ := do(t, http.MethodPost, s.URL()+"/_bulk", bulk)
	assert.Equal(t, 429, code)
	assert.Equal(t, "es_rejected_execution_exception", body["error"].(map[string]any)["type"])

	require.NoError(t, s.SetMode(ModeUnavailable))
	code, _, _ = do(t, http.MethodPost, s.URL()+"/_bulk", bulk)
	assert.Equal(t, 503, code)

	addr := s.Addr()
	require.NoError(t, s.SetMode(ModeRefuse))
	_, err := net.DialTimeout("tcp", addr, time.Second)
	assert.Error(t, err, "connections are refused")

	require.NoError(t, s.SetMode(ModeNormal))
	assert.Equal(t, addr, s.Addr(), "same port after coming back")
	code, _, _ = do(t, http.MethodPost, s.URL()+"/_bulk", bulk)
	assert.Equal(t, 200, code)
	c := s.Counts()
	assert.Equal(t, 2, c.RejectedRequests)
	assert.Equal(t, 1, c.Created)
}

func TestRefuseForComesBack(t *testing.T) {
	s := newTestServer(t, Options{})
	code, _, _ := do(t, http.MethodPost, s.URL()+"/_estest/mode?mode=refuse&for=2s", "")
	assert.Equal(t, 200, code)
	// The switch happens right after the answer: wait for the port to close.
	assert.Eventually(t, func() bool {
		c, err := net.DialTimeout("tcp", s.Addr(), time.Second)
		if err == nil {
			c.Close()
		}
		return err != nil
	}, time.Second, 5*time.Millisecond)
	assert.Eventually(t, func() bool {
		c, err := net.DialTimeout("tcp", s.Addr(), time.Second)
		if err == nil {
			c.Close()
		}
		return err == nil
	}, 15*time.Second, 50*time.Millisecond)
}

func TestLoseResponseAppliesTheBulkButDoesNotAnswer(t *testing.T) {
	s := newTestServer(t, Options{})
	require.NoError(t, s.SetMode(ModeLoseResponse))
	bulk := "{\"create\":{\"_index\":\"l\",\"_id\":\"1\"}}\n{\"a\":1}\n"
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Post(s.URL()+"/_bulk", "application/json", strings.NewReader(bulk))
	if err == nil {
		resp.Body.Close()
	}
	assert.Error(t, err, "no response")
	code, _, _ := do(t, http.MethodGet, s.URL()+"/", "")
	assert.Equal(t, 200, code, "other requests are served")

	require.NoError(t, s.SetMode(ModeNormal))
	_, body, _ := do(t, http.MethodPost, s.URL()+"/_bulk", bulk)
	assert.EqualValues(t, "409", bulkItems(t, body)[0]["status"].(json.Number).String(), "the retry finds the document indexed")
	c := s.Counts()
	assert.Equal(t, 1, c.LostResponses)
	assert.Equal(t, 1, c.Created)
	assert.Equal(t, 1, c.Conflicts)
}

func TestSkipValidationOnlyCounts(t *testing.T) {
	s := newTestServer(t, Options{SkipValidation: true})
	installTemplate(t, s, false)
	_, body, _ := do(t, http.MethodPost, s.URL()+"/_bulk",
		"{\"create\":{\"_index\":\"flows-1\",\"_id\":\"a\"}}\n{\"source.ip\":\"not-an-ip\"}\n{\"create\":{\"_index\":\"flows-1\",\"_id\":\"a\"}}\n{}\n")
	items := bulkItems(t, body)
	assert.EqualValues(t, "201", items[0]["status"].(json.Number).String())
	assert.EqualValues(t, "409", items[1]["status"].(json.Number).String(), "ids are still checked")
	assert.Empty(t, s.Docs("flows-1"))
	assert.Equal(t, 1, s.Counts().Docs["flows-1"])
}

func TestDynamicFalseSkipsOnlyTheUnmappedObject(t *testing.T) {
	s := newTestServer(t, Options{})
	code, _, _ := do(t, http.MethodPut, s.URL()+"/_index_template/nodyn",
		`{"index_patterns":["nodyn-*"],"template":{"mappings":{"dynamic":false,"properties":{"a":{"type":"ip"}}}}}`)
	require.Equal(t, 200, code)
	// Whatever the map order, the unmapped x.y must not hide the bad ip in a.
	_, body, _ := do(t, http.MethodPost, s.URL()+"/_bulk",
		"{\"create\":{\"_index\":\"nodyn-1\"}}\n{\"x.y\":1,\"a\":\"bad\",\"x.z\":2}\n{\"create\":{\"_index\":\"nodyn-1\"}}\n{\"x.y\":\"anything\",\"a\":\"::1\"}\n")
	items := bulkItems(t, body)
	assert.EqualValues(t, "400", items[0]["status"].(json.Number).String())
	assert.EqualValues(t, "201", items[1]["status"].(json.Number).String())
	assert.NotContains(t, s.FieldTypes("nodyn-1"), "x.y", "dynamic false maps nothing new")
}

// TestNoReopenAfterClose covers a SetModeFor timer that fires while Close
// runs: its switch back to normal must not listen again.
func TestNoReopenAfterClose(t *testing.T) {
	s, err := NewServer(Options{})
	require.NoError(t, err)
	addr := s.Addr()
	require.NoError(t, s.Close())
	require.ErrorIs(t, s.SetMode(ModeNormal), errClosed)
	_, err = net.DialTimeout("tcp", addr, time.Second)
	assert.Error(t, err, "the port stays closed")
	require.NoError(t, s.Close(), "Close is idempotent")
}
