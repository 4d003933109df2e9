// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/otelcol-flows/otelcol-flows/internal/flowpcaptest"
	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

// TestFileDocumentsAreTheIndexedDocuments runs otel-elasticsearch.yaml with
// a file exporter next to the elasticsearch one, writing through
// ecs_json_encoding with bulk_action: every document in the file, read with
// its action line, is the document the test Elasticsearch indexed under the
// same index and _id, number for number (json.Number: 1.0 stays "1.0").
func TestFileDocumentsAreTheIndexedDocuments(t *testing.T) {
	testutil.RequireTool(t, "softflowd")
	out := filepath.Join(t.TempDir(), "flows.jsonl")
	p := startESPipeline(t, fmt.Sprintf(`
extensions:
  ecs_json_encoding/bulk:
    bulk_action: true
exporters:
  file:
    path: %s
    encoding: ecs_json_encoding/bulk
    flush_interval: 100ms
service:
  extensions: [health_check, file_storage/state, blob_storage/queue, ecs_json_encoding/bulk]
  pipelines:
    logs:
      exporters: [elasticsearch, file]
`, out))
	pcap := filepath.Join(t.TempDir(), "f.pcap")
	flows, err := flowpcaptest.WritePcap(pcap, conversations(0), flowDays()[2])
	if err != nil {
		t.Fatal(err)
	}
	flowpcaptest.Replay(t, pcap, p.ipfixAddr, 10)
	p.waitDocs(t, len(flows), 60*time.Second)
	time.Sleep(500 * time.Millisecond) // the file's flush interval

	indexed := map[string]map[string]any{} // index/_id -> _source
	for _, idx := range p.es.Indices() {
		for _, d := range p.es.Docs(idx) {
			indexed[idx+"/"+d.ID] = d.Source
		}
	}
	written := readBulkFile(t, out)
	if len(written) != len(indexed) {
		t.Errorf("%d documents in the file, %d indexed", len(written), len(indexed))
	}
	for key, doc := range written {
		src, ok := indexed[key]
		if !ok {
			t.Errorf("document %s of the file was not indexed", key)
			continue
		}
		if !reflect.DeepEqual(doc, src) {
			t.Errorf("document %s differs:\nfile    %v\nindexed %v", key, doc, src)
		}
	}
	p.col.Stop(t)
}

// readBulkFile reads action and document line pairs into index/_id -> document.
func readBulkFile(t *testing.T, path string) map[string]map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]map[string]any{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var action struct {
			Create struct {
				Index string `json:"_index"`
				ID    string `json:"_id"`
			} `json:"create"`
		}
		if err := json.Unmarshal(sc.Bytes(), &action); err != nil || action.Create.ID == "" {
			t.Fatalf("%s: not a create action line with an _id (%v):\n%s", path, err, sc.Bytes())
		}
		if !sc.Scan() {
			t.Fatalf("%s: action line without a document", path)
		}
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.UseNumber()
		var doc map[string]any
		if err := dec.Decode(&doc); err != nil {
			t.Fatalf("%s: document line: %v\n%s", path, err, sc.Bytes())
		}
		docs[action.Create.Index+"/"+action.Create.ID] = doc
	}
	return docs
}
