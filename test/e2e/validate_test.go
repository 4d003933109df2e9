// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestValidateNamesTheMistake runs `otelcol-flows validate` on the shipped
// configurations with one mistake each (set by a second --config) and
// expects the message to name the key or the environment variable.
func TestValidateNamesTheMistake(t *testing.T) {
	for _, tc := range []struct {
		name, config, overlay string
		env                   []string
		want                  string // "" : the configuration is valid
	}{
		{name: "missing ELASTICSEARCH_URL", config: "otel-elasticsearch.yaml",
			want: `invalid endpoint "ELASTICSEARCH_URL is not set"`},
		{name: "ELASTICSEARCH_URL set", config: "otel-elasticsearch.yaml", env: []string{"ELASTICSEARCH_URL=https://es.example:9200"}},
		{name: "endpoint port not a number", config: "otel.yaml",
			overlay: "receivers: {ipfix: {endpoint: '127.0.0.1:abc'}}",
			want:    `receivers::ipfix: 'endpoint' "127.0.0.1:abc" must be host:port with a port from 0 to 65535`},
		{name: "endpoint port out of range", config: "otel.yaml",
			overlay: "receivers: {ipfix/netflow: {endpoint: '0.0.0.0:70000'}}",
			want:    `receivers::ipfix/netflow: 'endpoint' "0.0.0.0:70000"`},
		{name: "bare name server addresses", config: "otel.yaml",
			overlay: "processors: {reversedns: {nameservers: ['8.8.8.8', '2001:db8::1', '[2001:db8::1]:53']}}"},
		{name: "name server port not a number", config: "otel.yaml",
			overlay: "processors: {reversedns: {nameservers: ['8.8.8.8', '9.9.9.9:dns']}}",
			want:    `processors::reversedns: 'nameservers[1]' "9.9.9.9:dns" must be an IP address (port 53) or host:port`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"validate", "--config", filepath.Join("..", "..", "distribution", tc.config)}
			if tc.overlay != "" {
				overlay := filepath.Join(t.TempDir(), "overlay.yaml")
				writeFile(t, overlay, tc.overlay)
				args = append(args, "--config", overlay)
			}
			cmd := exec.Command(collectorBinary(t), args...)
			cmd.Env = append(slices.DeleteFunc(os.Environ(), func(kv string) bool {
				return strings.HasPrefix(kv, "ELASTICSEARCH_URL=")
			}), tc.env...)
			out, err := cmd.CombinedOutput()
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("validate failed: %v\n%s", err, out)
			case tc.want != "" && err == nil:
				t.Fatalf("validate passed, want an error with %q\n%s", tc.want, out)
			case tc.want != "" && !strings.Contains(string(out), tc.want):
				t.Fatalf("validate said:\n%s\nwant it to contain %q", out, tc.want)
			}
		})
	}
}
