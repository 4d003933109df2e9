// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package enrichenv provides what the Elasticsearch pipeline's enrichment
// needs to run on a machine with no outside services: a synthetic GeoIP2-City
// database and an authoritative-for-everything PTR server on loopback.
package enrichenv

import (
	"fmt"
	"net"
	"os"

	"github.com/maxmind/mmdbwriter"
	"github.com/maxmind/mmdbwriter/mmdbtype"
)

// cities are where the synthetic networks are placed; any real-looking
// spread will do, the benchmark measures the lookup, not the answer.
var cities = []struct {
	name, country, iso, continent string
	lat, lon                      float64
}{
	{"Frankfurt am Main", "Germany", "DE", "EU", 50.11, 8.68},
	{"Ashburn", "United States", "US", "NA", 39.04, -77.49},
	{"Amsterdam", "Netherlands", "NL", "EU", 52.37, 4.90},
	{"Tokyo", "Japan", "JP", "AS", 35.68, 139.69},
	{"São Paulo", "Brazil", "BR", "SA", -23.55, -46.63},
	{"Sydney", "Australia", "AU", "OC", -33.87, 151.21},
	{"London", "United Kingdom", "GB", "EU", 51.51, -0.13},
	{"Singapore", "Singapore", "SG", "AS", 1.35, 103.82},
}

func cityRecord(i int) mmdbtype.Map {
	c := cities[i%len(cities)]
	en := func(s string) mmdbtype.Map { return mmdbtype.Map{"en": mmdbtype.String(s)} }
	country := mmdbtype.Map{"iso_code": mmdbtype.String(c.iso), "names": en(c.country)}
	return mmdbtype.Map{
		"city":               mmdbtype.Map{"names": en(c.name)},
		"continent":          mmdbtype.Map{"code": mmdbtype.String(c.continent)},
		"country":            country,
		"registered_country": country,
		"location": mmdbtype.Map{"latitude": mmdbtype.Float64(c.lat), "longitude": mmdbtype.Float64(c.lon),
			"accuracy_radius": mmdbtype.Uint16(100)},
	}
}

// WriteCityDB writes a GeoIP2-City database to path that places every
// public IPv4 /8 and every 2000::/3 /8 in one of a few cities.
func WriteCityDB(path string) error {
	tree, err := mmdbwriter.New(mmdbwriter.Options{DatabaseType: "GeoIP2-City", RecordSize: 28,
		Languages: []string{"en"}, Description: map[string]string{"en": "otelcol-flows benchmark database"}})
	if err != nil {
		return err
	}
	for i := range 256 {
		_, n, _ := net.ParseCIDR(fmt.Sprintf("%d.0.0.0/8", i))
		// Reserved networks (10/8, 127/8...) are refused by the writer and
		// skipped by the processor anyway.
		_ = tree.Insert(n, cityRecord(i))
	}
	for i := range 32 {
		_, n, _ := net.ParseCIDR(fmt.Sprintf("%x::/8", 0x2000+i<<8))
		if err := tree.Insert(n, cityRecord(i)); err != nil {
			return fmt.Errorf("insert %s: %w", n, err)
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := tree.WriteTo(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
