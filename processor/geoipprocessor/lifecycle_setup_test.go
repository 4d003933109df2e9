// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geoipprocessor

import (
	"os"
	"path/filepath"

	"github.com/otelcol-flows/otelcol-flows/internal/geodbtest"
)

// setupLifecycleDatabase runs before the tests (see tests.goleak.setup in
// metadata.yaml): it builds the databases the generated lifecycle test
// configures, since .mmdb files are never committed (and .gitignored).
func setupLifecycleDatabase() {
	dir := filepath.Join("testdata", "lifecycle")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		panic(err)
	}
	city, err := geodbtest.BuildCity("GeoIP2-City", geodbtest.Berlin, geodbtest.Munich)
	if err != nil {
		panic(err)
	}
	asn, err := geodbtest.BuildASN(geodbtest.ASNBerlin, geodbtest.ASNMunich)
	if err != nil {
		panic(err)
	}
	if err := geodbtest.Replace(filepath.Join(dir, "GeoIP2-City.mmdb"), city); err != nil {
		panic(err)
	}
	if err := geodbtest.Replace(filepath.Join(dir, "GeoLite2-ASN.mmdb"), asn); err != nil {
		panic(err)
	}
}
