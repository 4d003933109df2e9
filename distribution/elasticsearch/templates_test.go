// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package elasticsearch

import (
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/otelcol-flows/otelcol-flows/internal/estest"
	"github.com/otelcol-flows/otelcol-flows/internal/iana"
	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

func TestNetflowComponentMatchesTheReceiversElements(t *testing.T) {
	want, err := NetflowComponent(iana.All())
	require.NoError(t, err)
	got, err := os.ReadFile("component-netflow.json")
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "component-netflow.json is stale: run go generate ./distribution/elasticsearch")
}

// runSetup runs scripts/es-setup.sh against the server with extra environment.
func runSetup(t *testing.T, url string, env ...string) string {
	t.Helper()
	cmd := exec.Command("sh", filepath.Join("..", "..", "scripts", "es-setup.sh"))
	cmd.Env = append(os.Environ(), append([]string{"ELASTICSEARCH_URL=" + url}, env...)...)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	return string(out)
}

func bulk(t *testing.T, url, index string, docs ...[]byte) {
	t.Helper()
	var b bytes.Buffer
	for _, d := range docs {
		b.WriteString(`{"create":{"_index":"` + index + `"}}` + "\n")
		b.Write(bytes.ReplaceAll(bytes.TrimSpace(d), []byte("\n"), nil))
		b.WriteString("\n")
	}
	resp, err := http.Post(url+"/_bulk", "application/json", &b)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	require.Equal(t, 200, resp.StatusCode)
}

func TestSetupScriptInstallsTemplatesIdempotently(t *testing.T) {
	testutil.RequireTool(t, "curl")
	srv, err := estest.NewServer(estest.Options{})
	require.NoError(t, err)
	defer srv.Close()

	out := runSetup(t, srv.URL())
	assert.Contains(t, out, "version 8.17.0")
	runSetup(t, srv.URL()) // a second run only re-PUTs the same objects
	assert.True(t, srv.HasILMPolicy("flows"))

	example, err := os.ReadFile(filepath.Join("testdata", "example-document.json"))
	require.NoError(t, err)
	bulk(t, srv.URL(), "flows-2026.11.27", example)
	c := srv.Counts()
	require.Equal(t, 1, c.Created, "the example document is accepted: %+v", c)
	assert.Equal(t, "flows", srv.IndexTemplate("flows-2026.11.27"))

	types := srv.FieldTypes("flows-2026.11.27")
	want := map[string]string{
		"@timestamp": "date", "source.ip": "ip", "destination.ip": "ip", "observer.ip": "ip",
		"source.geo.location": "geo_point", "source.port": "long", "event.end": "date",
		"network.iana_number": "keyword", "network.transport": "keyword",
		"netflow.exporter.address": "keyword", "netflow.exporter.timestamp": "date",
		"netflow.source_ipv6_address": "ip", "netflow.ip_next_hop_ipv6_address": "ip",
		"netflow.flow_start_milliseconds": "date", "netflow.octet_delta_count": "long",
		"netflow.source_mac_address": "keyword", "netflow.enterprise.9.12235": "keyword",
		"source.as.organization.name": "keyword", "network.community_id": "keyword",
		"ecs.version": "keyword", "event.created": "date", "source.locality": "keyword",
		"client.ip": "ip", "server.port": "long", "flow.id": "keyword", "flow.locality": "keyword",
		"network.direction": "keyword",
	}
	for field, typ := range want {
		assert.Equal(t, typ, types[field], field)
	}
	for field, typ := range types {
		assert.NotEqual(t, "text", typ, "%s fell through to default dynamic mapping", field)
	}

	bad := bytes.Replace(example, []byte(`"netflow.source_ipv6_address": "2001:db8::1"`), []byte(`"netflow.source_ipv6_address": "zz"`), 1)
	bulk(t, srv.URL(), "flows-2026.11.27", bad)
	assert.Equal(t, 1, srv.Counts().Failed, "an element that is not an address is rejected")
}

func TestSetupScriptPrefixAndRetention(t *testing.T) {
	testutil.RequireTool(t, "curl")
	srv, err := estest.NewServer(estest.Options{})
	require.NoError(t, err)
	defer srv.Close()
	out := runSetup(t, srv.URL(), "FLOWS_INDEX_PREFIX=netflow", "FLOWS_RETENTION=90d")
	assert.Contains(t, out, "deleted after 90d")
	resp, err := http.Get(srv.URL() + "/_ilm/policy/flows")
	require.NoError(t, err)
	var body bytes.Buffer
	_, _ = body.ReadFrom(resp.Body)
	resp.Body.Close()
	assert.Contains(t, body.String(), `"min_age":"90d"`)
	bulk(t, srv.URL(), "netflow-2026.11.27", []byte(`{"@timestamp":"2026-11-27T00:00:00Z","source.ip":"192.0.2.1"}`))
	assert.Equal(t, "netflow", srv.IndexTemplate("netflow-2026.11.27"))

	cmd := exec.Command("sh", filepath.Join("..", "..", "scripts", "es-setup.sh"))
	cmd.Env = append(os.Environ(), "ELASTICSEARCH_URL="+srv.URL(), `FLOWS_INDEX_PREFIX=Bad"`)
	got, err := cmd.CombinedOutput()
	assert.Error(t, err)
	assert.True(t, strings.Contains(string(got), "FLOWS_INDEX_PREFIX"), string(got))
}

func TestSetupScriptRefusesANonElasticsearchServer(t *testing.T) {
	testutil.RequireTool(t, "curl")
	srv := http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("{}")) })}
	ln, err := newLoopbackListener()
	require.NoError(t, err)
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	cmd := exec.Command("sh", filepath.Join("..", "..", "scripts", "es-setup.sh"))
	cmd.Env = append(os.Environ(), "ELASTICSEARCH_URL=http://"+ln.Addr().String())
	out, err := cmd.CombinedOutput()
	assert.Error(t, err)
	assert.Contains(t, string(out), "does not answer as Elasticsearch")
}
