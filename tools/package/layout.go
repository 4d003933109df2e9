// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
)

// rule selects repository files by a glob on their base name under dir (and below, if recursive)
// and says where each goes. Tarballs keep the repository's paths, so the README's commands
// (bin/otelcol-flows --config distribution/otel.yaml, scripts/es-setup.sh) work in an unpacked
// tarball as in a checkout; the .deb puts them where Debian expects them.
type rule struct {
	dir, pattern string
	recursive    bool
	debDir       string // directory in the .deb; "" leaves the files out of it
	debName      string // a different file name in the .deb
	conffile     bool   // under /etc in the .deb, kept when the admin edited it
	mode         os.FileMode
	debOnly      bool
}

// Directories matched by glob, so that what later issues add (a Kafka configuration
// distribution/otel-*-kafka.yaml, Kibana dashboards in distribution/kibana/, a
// scripts/kibana-setup.sh) ships without touching this table.
var layout = []rule{
	{dir: "distribution", pattern: "otel.yaml", debDir: "/etc/otelcol-flows", conffile: true},
	{dir: "distribution", pattern: "otel-*.yaml", debDir: "/usr/share/otelcol-flows/examples"},
	{dir: "distribution/elasticsearch", pattern: "*.json", debDir: "/usr/share/otelcol-flows/elasticsearch"},
	{dir: "distribution/kibana", pattern: "*.ndjson", debDir: "/usr/share/otelcol-flows/kibana"},
	// Vendor information element files for the ipfix receiver's custom_elements.
	{dir: "distribution/elements", pattern: "*.yaml", debDir: "/usr/share/otelcol-flows/elements"},
	{dir: "scripts", pattern: "*-setup.sh", debDir: "/usr/share/otelcol-flows/scripts", mode: 0o755},
	{dir: "scripts", pattern: "curl-config.sh", debDir: "/usr/share/otelcol-flows/scripts"}, // sourced by the *-setup.sh
	{dir: "distribution/ops", pattern: "otelcol-flows.service", debDir: "/usr/lib/systemd/system"},
	{dir: "distribution/ops", pattern: "90-otelcol-flows.conf", debDir: "/usr/lib/sysctl.d"},
	// Readable by root only (systemd reads it): it may hold Elasticsearch credentials.
	{dir: "distribution/ops", pattern: "otelcol-flows.default", debDir: "/etc/default", debName: "otelcol-flows", conffile: true, mode: 0o640},
	{dir: ".", pattern: "README.md", debDir: "/usr/share/doc/otelcol-flows"},
	{dir: "docs", pattern: "*.md", recursive: true, debDir: "/usr/share/doc/otelcol-flows/docs"},
	{dir: "distribution/ops/deb", pattern: "copyright", debDir: "/usr/share/doc/otelcol-flows", debOnly: true},
}

// file is one repository file in a release.
type file struct {
	src     string // slash path relative to the repository root, also its path in a tarball
	debPath string // absolute path in the .deb, "" if not shipped there
	rule    rule
}

// releaseFiles lists the files of a release, sorted by source path.
func releaseFiles(root string) ([]file, error) {
	var files []file
	for _, r := range layout {
		err := filepath.WalkDir(filepath.Join(root, r.dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if os.IsNotExist(err) && p == filepath.Join(root, r.dir) {
					return fs.SkipAll // an optional directory (distribution/kibana) not there yet
				}
				return err
			}
			if d.IsDir() {
				if p != filepath.Join(root, r.dir) && !r.recursive {
					return fs.SkipDir
				}
				return nil
			}
			if ok, _ := path.Match(r.pattern, d.Name()); !ok {
				return nil
			}
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			f := file{src: filepath.ToSlash(rel), rule: r}
			if r.debDir != "" {
				inDir, _ := filepath.Rel(filepath.Join(root, r.dir), p)
				if r.debName != "" {
					inDir = r.debName
				}
				f.debPath = path.Join(r.debDir, filepath.ToSlash(inDir))
			}
			files = append(files, f)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].src < files[j].src })
	return files, nil
}

// fileMode is the mode a release gives f: the rule's, else executable if the checkout has it so.
func fileMode(root string, f file) (os.FileMode, error) {
	if f.rule.mode != 0 {
		return f.rule.mode, nil
	}
	st, err := os.Stat(filepath.Join(root, filepath.FromSlash(f.src)))
	if err != nil {
		return 0, err
	}
	if st.Mode()&0o111 != 0 {
		return 0o755, nil
	}
	return 0o644, nil
}
