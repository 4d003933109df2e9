// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

const repoRoot = "../.."

// TestReleaseFilesShipWhatAnOperatorNeeds checks the .deb's paths for the files the issue lists,
// and that nothing from the source tree (Go files, test data) slips in.
func TestReleaseFilesShipWhatAnOperatorNeeds(t *testing.T) {
	files, err := releaseFiles(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	byDeb := map[string]file{}
	for _, f := range files {
		if strings.HasSuffix(f.src, ".go") || strings.Contains(f.src, "testdata/") {
			t.Errorf("source file %s in a release", f.src)
		}
		if f.debPath != "" {
			byDeb[f.debPath] = f
		}
	}
	want := map[string]bool{ // path -> conffile
		"/etc/otelcol-flows/otel.yaml":                                  true,
		"/etc/default/otelcol-flows":                                    true,
		"/usr/share/otelcol-flows/examples/otel-elasticsearch.yaml":     false,
		"/usr/share/otelcol-flows/elasticsearch/index-template.json":    false,
		"/usr/share/otelcol-flows/elasticsearch/component-netflow.json": false,
		"/usr/share/otelcol-flows/scripts/es-setup.sh":                  false,
		"/usr/share/otelcol-flows/scripts/kibana-setup.sh":              false,
		"/usr/share/otelcol-flows/scripts/curl-config.sh":               false,
		"/usr/share/otelcol-flows/kibana/otelcol-flows.ndjson":          false,
		"/usr/share/otelcol-flows/elements/juniper.yaml":                false,
		"/usr/share/otelcol-flows/elements/nprobe.yaml":                 false,
		"/usr/share/otelcol-flows/elements/vmware-nsx.yaml":             false,
		"/usr/lib/systemd/system/otelcol-flows.service":                 false,
		"/usr/lib/sysctl.d/90-otelcol-flows.conf":                       false,
		"/usr/share/doc/otelcol-flows/README.md":                        false,
		"/usr/share/doc/otelcol-flows/docs/elasticsearch.md":            false,
		"/usr/share/doc/otelcol-flows/copyright":                        false,
	}
	for p, conf := range want {
		f, ok := byDeb[p]
		if !ok {
			t.Errorf("%s not in the .deb", p)
			continue
		}
		if f.rule.conffile != conf {
			t.Errorf("%s: conffile %v, want %v", p, f.rule.conffile, conf)
		}
	}
	for p, f := range byDeb {
		if f.rule.conffile && !strings.HasPrefix(p, "/etc/") {
			t.Errorf("conffile %s outside /etc", p)
		}
	}
}

var envRef = regexp.MustCompile(`\$\{env:([A-Z0-9_]+)`)

// TestDefaultFileNamesWhatTheConfigsRead: every variable /etc/default/otelcol-flows sets or shows is
// read by a shipped configuration (the unit once pointed at a file no config read), and every
// variable a configuration reads is documented there. GO* variables are the Go runtime's.
func TestDefaultFileNamesWhatTheConfigsRead(t *testing.T) {
	defaults, err := os.ReadFile(repoRoot + "/distribution/ops/otelcol-flows.default")
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^#?([A-Z][A-Z0-9_]*)=`).FindAllSubmatch(defaults, -1) {
		documented[string(m[1])] = true
	}
	read := configEnvNames(t)
	for name := range documented {
		if !read[name] && !strings.HasPrefix(name, "GO") {
			t.Errorf("/etc/default/otelcol-flows names %s, which no shipped configuration reads", name)
		}
	}
	for name := range read {
		if !documented[name] {
			t.Errorf("a shipped configuration reads %s, which /etc/default/otelcol-flows does not show", name)
		}
	}
}

// configEnvNames returns the variables the shipped configurations read as ${env:NAME}.
func configEnvNames(t *testing.T) map[string]bool {
	t.Helper()
	files, err := releaseFiles(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	read := map[string]bool{}
	for _, f := range files {
		if !strings.HasPrefix(f.src, "distribution/otel") || !strings.HasSuffix(f.src, ".yaml") {
			continue
		}
		cfg, err := os.ReadFile(repoRoot + "/" + f.src)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(cfg), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "#") {
				continue // comments mention ${env:X:-default} as notation
			}
			for _, m := range envRef.FindAllStringSubmatch(line, -1) {
				read[m[1]] = true
			}
		}
	}
	if len(read) == 0 {
		t.Fatal("no ${env:...} in the shipped configurations")
	}
	return read
}

// TestUnitRunsThePackagedFilesHardened reads the systemd unit: it starts the binary and
// configuration where the .deb puts them, reloads, runs as the package's user with no capability
// and writes only to the state directory.
func TestUnitRunsThePackagedFilesHardened(t *testing.T) {
	data, err := os.ReadFile(repoRoot + "/distribution/ops/otelcol-flows.service")
	if err != nil {
		t.Fatal(err)
	}
	unit := map[string][]string{}
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") {
			unit[k] = append(unit[k], v)
		}
	}
	want := map[string][]string{
		"ExecStart":             {debBinary + " --config /etc/otelcol-flows/otel.yaml"},
		"ExecReload":            {debBinary + " validate --config /etc/otelcol-flows/otel.yaml", "/bin/kill -HUP $MAINPID"},
		"EnvironmentFile":       {"-/etc/default/otelcol-flows"},
		"User":                  {"otelcol-flows"},
		"CapabilityBoundingSet": {""},
		"AmbientCapabilities":   {""},
		"NoNewPrivileges":       {"yes"},
		"ProtectSystem":         {"strict"},
		"ProtectHome":           {"yes"},
		"PrivateTmp":            {"yes"},
		"ReadWritePaths":        {"/var/lib/otelcol-flows"},
		"MemoryMax":             {"2G"},
	}
	for k, v := range want {
		if strings.Join(unit[k], "|") != strings.Join(v, "|") {
			t.Errorf("%s=%q, want %q", k, unit[k], v)
		}
	}
}
