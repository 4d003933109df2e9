// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package kibana

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	ko "github.com/otelcol-flows/otelcol-flows/internal/kibanaobjects"
	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

// fakeKibana answers /api/status and /api/saved_objects/_import as Kibana 8.x does, checks
// each import request as Kibana would, and keeps the imported objects per space.
type fakeKibana struct {
	t        *testing.T
	auth     string          // the Authorization header it accepts ("" accepts none)
	spaces   map[string]bool // known spaces besides default
	rejected map[string]string
	mu       sync.Mutex
	objects  map[string]map[string]string // space -> type/id -> object line
	imports  int
}

func newFakeKibana(t *testing.T, auth string) (*fakeKibana, string) {
	k := &fakeKibana{t: t, auth: auth, spaces: map[string]bool{"ops": true}, objects: map[string]map[string]string{}}
	srv := httptest.NewServer(k)
	t.Cleanup(srv.Close)
	return k, srv.URL
}

func kibanaError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]any{"statusCode": code, "error": http.StatusText(code), "message": msg})
}

func (k *fakeKibana) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if k.auth != "" && r.Header.Get("Authorization") != k.auth {
		kibanaError(w, 401, "[security_exception]: unable to authenticate user")
		return
	}
	space, path := "default", r.URL.Path
	if rest, ok := strings.CutPrefix(path, "/s/"); ok {
		space, path, _ = strings.Cut(rest, "/")
		path = "/" + path
		if !k.spaces[space] {
			kibanaError(w, 404, "Not Found")
			return
		}
	}
	switch path {
	case "/api/status":
		_, _ = io.WriteString(w, `{"name":"kibana","version":{"number":"8.17.0","build_flavor":"default"},"status":{"overall":{"level":"available"}}}`)
	case "/api/saved_objects/_import":
		k.importObjects(w, r, space)
	default:
		kibanaError(w, 404, "Not Found")
	}
}

func (k *fakeKibana) importObjects(w http.ResponseWriter, r *http.Request, space string) {
	switch {
	case r.Method != http.MethodPost:
		kibanaError(w, 404, "Not Found")
		return
	case r.Header.Get("kbn-xsrf") == "":
		kibanaError(w, 400, "Request must contain a kbn-xsrf header.")
		return
	case r.URL.Query().Get("overwrite") != "true":
		k.t.Errorf("import without overwrite=true: %s", r.URL)
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		kibanaError(w, 400, "[request body.file]: expected value of type [Stream] "+err.Error())
		return
	}
	if !strings.HasSuffix(hdr.Filename, ".ndjson") {
		kibanaError(w, 415, "Unsupported file extension: "+hdr.Filename)
		return
	}
	var ok []map[string]any
	var failed []importError
	k.mu.Lock()
	defer k.mu.Unlock()
	k.imports++
	if k.objects[space] == nil {
		k.objects[space] = map[string]string{}
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var o struct{ Type, ID string }
		require.NoError(k.t, json.Unmarshal(sc.Bytes(), &o))
		if reason, bad := k.rejected[o.Type]; bad {
			failed = append(failed, importError{o.ID, o.Type, o.ID, map[string]any{"title": o.ID},
				map[string]any{"type": reason, "message": "rejected by the test"}})
			continue
		}
		k.objects[space][o.Type+"/"+o.ID] = sc.Text()
		ok = append(ok, map[string]any{"type": o.Type, "id": o.ID, "meta": map[string]any{"title": o.ID}, "overwrite": true})
	}
	// Kibana's field order: successCount, success, warnings, successResults, errors.
	resp := struct {
		SuccessCount   int              `json:"successCount"`
		Success        bool             `json:"success"`
		Warnings       []any            `json:"warnings"`
		SuccessResults []map[string]any `json:"successResults,omitempty"`
		Errors         []importError    `json:"errors,omitempty"`
	}{len(ok), len(failed) == 0, []any{}, ok, failed}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(resp)
}

// importError is one entry of the import answer's errors, in Kibana's field order.
type importError struct {
	ID    string         `json:"id"`
	Type  string         `json:"type"`
	Title string         `json:"title"`
	Meta  map[string]any `json:"meta"`
	Error map[string]any `json:"error"`
}

func (k *fakeKibana) snapshot(space string) map[string]string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return maps.Clone(k.objects[space])
}

// runKibanaSetup runs the real script with env; it returns its output and whether it succeeded.
func runKibanaSetup(t *testing.T, env ...string) (string, bool) {
	t.Helper()
	testutil.RequireTool(t, "curl")
	cmd := exec.Command("sh", filepath.Join("..", "..", "scripts", "kibana-setup.sh"))
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	return string(out), err == nil
}

func shippedCount(t *testing.T) int {
	objs, err := ko.ReadObjects(shipped)
	require.NoError(t, err)
	return len(objs)
}

func TestKibanaSetupImportsIdempotently(t *testing.T) {
	k, url := newFakeKibana(t, "ApiKey a2V5")
	out, ok := runKibanaSetup(t, "KIBANA_URL="+url, "KIBANA_API_KEY=a2V5")
	require.True(t, ok, out)
	assert.Contains(t, out, fmt.Sprintf("done: %d saved objects imported", shippedCount(t)))
	first := k.snapshot("default")
	require.Len(t, first, shippedCount(t))
	assert.Contains(t, first["index-pattern/otelcol-flows"], `"title":"flows-*"`)
	out, ok = runKibanaSetup(t, "KIBANA_URL="+url, "KIBANA_API_KEY=a2V5")
	require.True(t, ok, out)
	assert.Equal(t, first, k.snapshot("default"), "a second run changes nothing")
	assert.Equal(t, 2, k.imports)
}

func TestKibanaSetupPrefixSpaceAndBasicAuth(t *testing.T) {
	k, url := newFakeKibana(t, "Basic dTpwdw==") // u:pw
	out, ok := runKibanaSetup(t, "KIBANA_URL="+url+"/", "KIBANA_SPACE=ops", "FLOWS_INDEX_PREFIX=netflow",
		"ELASTICSEARCH_USERNAME=u", "ELASTICSEARCH_PASSWORD=pw")
	require.True(t, ok, out)
	assert.Contains(t, out, "space ops")
	objs := k.snapshot("ops")
	assert.Contains(t, objs["index-pattern/otelcol-flows"], `"title":"netflow-*"`)
	assert.Empty(t, k.snapshot("default"))

	out, ok = runKibanaSetup(t, "KIBANA_URL="+url, "KIBANA_SPACE=nope", "KIBANA_USERNAME=u", "KIBANA_PASSWORD=pw")
	assert.False(t, ok)
	assert.Contains(t, out, "no Kibana space 'nope'")
}

func TestKibanaSetupListsEachRejectedObject(t *testing.T) {
	k, url := newFakeKibana(t, "")
	k.rejected = map[string]string{"map": "unsupported_type", "search": "missing_references"}
	out, ok := runKibanaSetup(t, "KIBANA_URL="+url)
	assert.False(t, ok)
	assert.Contains(t, out, fmt.Sprintf("import incomplete: %d saved objects imported", shippedCount(t)-2))
	assert.Contains(t, out, "map otelcol-flows-map: unsupported_type: rejected by the test")
	assert.Contains(t, out, "search otelcol-flows-raw-flows: missing_references")
}

func TestKibanaSetupErrors(t *testing.T) {
	_, url := newFakeKibana(t, "ApiKey right")
	out, ok := runKibanaSetup(t, "KIBANA_URL="+url, "KIBANA_API_KEY=wrong")
	assert.False(t, ok)
	assert.Contains(t, out, "refused the credentials (401): [security_exception]: unable to authenticate user")

	notKibana := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "{}") }))
	defer notKibana.Close()
	out, ok = runKibanaSetup(t, "KIBANA_URL="+notKibana.URL)
	assert.False(t, ok)
	assert.Contains(t, out, "does not answer as Kibana")

	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	out, ok = runKibanaSetup(t, "KIBANA_URL="+closed.URL)
	assert.False(t, ok)
	assert.Contains(t, out, "cannot reach Kibana")

	out, ok = runKibanaSetup(t, "KIBANA_URL="+url, "FLOWS_INDEX_PREFIX=Bad")
	assert.False(t, ok)
	assert.Contains(t, out, "FLOWS_INDEX_PREFIX")
}
