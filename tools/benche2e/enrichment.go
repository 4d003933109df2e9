// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/otelcol-flows/otelcol-flows/tools/benche2e/internal/enrichenv"
)

// dnsServer is the name server the reverse DNS processor asks.
type dnsServer interface {
	Addr() string
	Stop()
}

// startDNS starts the name server of o.dns: the Go server answering,
// refusing or silent, or dnsmasq answering NXDOMAIN with an SOA.
func startDNS(o enrichOptions) (dnsServer, error) {
	if o.dns == "dnsmasq" {
		return enrichenv.StartDnsmasq(o.dnsmasq)
	}
	return enrichenv.StartPTRServer(o.dns)
}

// enrichOptions choose the enrichment services.
type enrichOptions struct {
	dns, dnsmasq string
}

// startEnrichment provides the Elasticsearch pipeline's geoip database and
// DNS server, and returns the environment that points the config at them.
func startEnrichment(sinkURL string, o enrichOptions) (env []string, stop func(), err error) {
	dir, err := os.MkdirTemp("", "benche2e-")
	if err != nil {
		return nil, nil, err
	}
	city := filepath.Join(dir, "city.mmdb")
	if err := enrichenv.WriteCityDB(city); err != nil {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	dns, err := startDNS(o)
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	stop = func() {
		dns.Stop()
		os.RemoveAll(dir)
	}
	return []string{
		"BENCH_GEOIP_CITY=" + city, "BENCH_DNS_ENDPOINT=" + dns.Addr(),
		// The same for distribution/otel-elasticsearch.yaml.
		"ELASTICSEARCH_URL=" + sinkURL,
		"OTELCOL_FLOWS_GEOIP_CITY=" + city,
		`OTELCOL_FLOWS_NAMESERVERS=["` + dns.Addr() + `"]`,
		"OTELCOL_FLOWS_STATE_DIR=" + filepath.Join(dir, "state"),
	}, stop, nil
}

// runESSetup installs the index templates in the test Elasticsearch with the
// same script an operator runs against a real cluster.
func runESSetup(ctx context.Context, script, url string) error {
	if script == "" {
		return nil
	}
	cmd := exec.CommandContext(ctx, "sh", script)
	cmd.Env = append(os.Environ(), "ELASTICSEARCH_URL="+url)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s: %w: %s", script, err, out)
	}
	return nil
}
