package main

import (
	"os"
	"path/filepath"

	"github.com/otelcol-flows/otelcol-flows/tools/benche2e/internal/enrichenv"
)

// startEnrichment provides the Elasticsearch pipeline's geoip database and
// DNS server, and returns the environment that points the config at them.
func startEnrichment() (env []string, stop func(), err error) {
	dir, err := os.MkdirTemp("", "benche2e-")
	if err != nil {
		return nil, nil, err
	}
	city := filepath.Join(dir, "city.mmdb")
	if err := enrichenv.WriteCityDB(city); err != nil {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	dns, err := enrichenv.StartPTRServer()
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	stop = func() {
		dns.Stop()
		os.RemoveAll(dir)
	}
	return []string{"BENCH_GEOIP_CITY=" + city, "BENCH_DNS_ENDPOINT=" + dns.Addr()}, stop, nil
}
