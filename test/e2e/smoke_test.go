// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

// TestComponentsListed checks that the distribution carries every component the product promises.
func TestComponentsListed(t *testing.T) {
	out, err := exec.Command(collectorBinary(t), "components").Output()
	if err != nil {
		t.Fatalf("components: %v", err)
	}
	var listed map[string]any
	if err := yaml.Unmarshal(out, &listed); err != nil {
		t.Fatalf("components output is not YAML: %v\n%s", err, out)
	}
	want := map[string][]string{
		"receivers":  {"otlp", "ipfix", "kafka", "sflow"},
		"processors": {"batch", "memory_limiter", "transform", "filter", "protocolname", "reversedns", "geoip", "ecsdocument"},
		"exporters":  {"debug", "otlp_grpc", "otlp_http", "file", "kafka", "elasticsearch"},
		"extensions": {"health_check", "pprof", "zpages", "file_storage", "ecs_json_encoding"},
		"providers":  {"file", "env", "yaml"},
	}
	for kind, names := range want {
		have := map[string]bool{}
		for _, c := range listed[kind].([]any) {
			entry := c.(map[string]any)
			name, _ := entry["name"].(string)
			if name == "" {
				name, _ = entry["scheme"].(string)
			}
			have[name] = true
		}
		for _, n := range names {
			if !have[n] {
				t.Errorf("%s: %q missing from `otelcol-flows components`", kind, n)
			}
		}
	}
}

// TestDistributionConfigsValidate runs `otelcol-flows validate` on every shipped configuration.
func TestDistributionConfigsValidate(t *testing.T) {
	configs, err := filepath.Glob("../../distribution/*.yaml")
	if err != nil || len(configs) < 2 {
		t.Fatalf("distribution configs: %v %v", configs, err)
	}
	for _, cfg := range configs {
		t.Run(filepath.Base(cfg), func(t *testing.T) {
			cmd := exec.Command(collectorBinary(t), "validate", "--config", cfg)
			cmd.Env = append(os.Environ(), "ELASTICSEARCH_URL=http://127.0.0.1:9200")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("validate %s: %v\n%s", cfg, err, out)
			}
		})
	}
}

// TestSmokeOTLPToFile starts the binary, sends a log record through the OTLP receiver and finds it in
// the file exporter's output, then stops the process with SIGTERM and expects a clean exit.
func TestSmokeOTLPToFile(t *testing.T) {
	health, otlpHTTP := testutil.FreeTCPPort(t), testutil.FreeTCPPort(t)
	outDir := t.TempDir()
	cfg := fmt.Sprintf(healthCheckExtension+`receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:%d
exporters:
  file:
    path: %s/out.jsonl
    flush_interval: 100ms
`+quietService+`  pipelines:
    logs:
      receivers: [otlp]
      exporters: [file]
`, health, otlpHTTP, outDir)
	c := startCollector(t, cfg, health)

	body := `{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"smoke-flow-42"}}]}]}]}`
	resp, err := http.Post(fmt.Sprintf("http://127.0.0.1:%d/v1/logs", otlpHTTP), "application/json", bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("OTLP/HTTP answered %s", resp.Status)
	}
	waitForFileContaining(t, filepath.Join(outDir, "out.jsonl"), "smoke-flow-42", 20*time.Second)
	c.Stop(t)
}

func waitForFileContaining(t *testing.T, path, needle string, timeout time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		data, _ := os.ReadFile(path)
		if strings.Contains(string(data), needle) {
			return string(data)
		}
		if time.Now().After(deadline) {
			t.Fatalf("%q not found in %s after %s; file holds:\n%s", needle, path, timeout, data)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
