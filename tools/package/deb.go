// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/goreleaser/nfpm/v2"
	"github.com/goreleaser/nfpm/v2/deb"
	"github.com/goreleaser/nfpm/v2/files"
)

const (
	debBinary      = "/usr/bin/otelcol-flows"
	debScriptsDir  = "distribution/ops/deb"
	debDescription = `NetFlow v5/v9 and IPFIX collector (OpenTelemetry Collector distribution)
 otelcol-flows receives NetFlow and IPFIX over UDP, turns every flow into a log
 record with ECS field names, adds protocol names, reverse DNS names and GeoIP
 locations, and writes it to files, Elasticsearch, Kafka or any OTLP endpoint.
 .
 The service runs as the otelcol-flows system user with the configuration in
 /etc/otelcol-flows/otel.yaml and its settings in /etc/default/otelcol-flows.`
)

// buildDeb writes otelcol-flows_<version>_<arch>.deb into o.out and returns its path.
func buildDeb(o options) (string, error) {
	if err := o.check(); err != nil {
		return "", err
	}
	if o.goos != "linux" {
		return "", fmt.Errorf("a .deb is for linux, not %s", o.goos)
	}
	info, err := debInfo(o)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return "", err
	}
	path := filepath.Join(o.out, deb.Default.ConventionalFileName(info))
	if err := writeDeb(info, path); err != nil {
		return "", err
	}
	return path, nil
}

func writeDeb(info *nfpm.Info, path string) error {
	return writeFile(path, func(w io.Writer) error { return deb.Default.Package(info, w) })
}

// debInfo describes the package: its files (layout.go), the binary, and the maintainer scripts
// that create the user and the state directory and enable the unit.
func debInfo(o options) (*nfpm.Info, error) {
	rel, err := releaseFiles(o.root)
	if err != nil {
		return nil, err
	}
	contents := files.Contents{{
		Source:      o.binary,
		Destination: debBinary,
		FileInfo:    &files.ContentFileInfo{Mode: 0o755},
	}}
	for _, f := range rel {
		if f.debPath == "" {
			continue
		}
		mode, err := fileMode(o.root, f)
		if err != nil {
			return nil, err
		}
		c := &files.Content{
			Source:      filepath.Join(o.root, filepath.FromSlash(f.src)),
			Destination: f.debPath,
			FileInfo:    &files.ContentFileInfo{Mode: mode},
		}
		if f.rule.conffile {
			c.Type = files.TypeConfig
		}
		contents = append(contents, c)
	}
	script := func(name string) string { return filepath.Join(o.root, debScriptsDir, name) }
	info := nfpm.WithDefaults(&nfpm.Info{
		Name:        "otelcol-flows",
		Arch:        o.arch,
		Platform:    "linux",
		Version:     o.version,
		Section:     "net",
		Priority:    "optional",
		Maintainer:  "The otelcol-flows Authors <https://github.com/otelcol-flows/otelcol-flows/issues>",
		Description: debDescription,
		Homepage:    "https://github.com/otelcol-flows/otelcol-flows",
		License:     "Apache-2.0",
		Overridables: nfpm.Overridables{
			Depends:  []string{"adduser"},
			Contents: contents,
			Scripts: nfpm.Scripts{
				PostInstall: script("postinst"),
				PreRemove:   script("prerm"),
				PostRemove:  script("postrm"),
			},
		},
	})
	if err := nfpm.PrepareForPackager(info, "deb"); err != nil {
		return nil, err
	}
	return info, nil
}
