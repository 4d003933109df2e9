// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package geodbtest builds small MaxMind DB files for tests, in the record
// layouts of GeoIP2-City, GeoLite2-ASN and ip-location-db's DB-IP City Lite,
// so no database is committed.
package geodbtest // import "github.com/otelcol-flows/otelcol-flows/internal/geodbtest"

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"testing"

	"github.com/maxmind/mmdbwriter"
	"github.com/maxmind/mmdbwriter/mmdbtype"
)

// City is one network of a City database. Names are given in English and,
// when set, German, to test the locale setting.
type City struct {
	Network       string
	City, CityDE  string
	Country       string
	CountryDE     string
	CountryISO    string
	Continent     string
	ContinentCode string
	Region        string
	RegionISO     string // subdivision code without the country, e.g. "BE"
	Postal        string
	TimeZone      string
	Lat, Lon      float64
	NoLocation    bool
}

// ASN is one network of an ASN database.
type ASN struct {
	Network string
	Number  uint32
	Org     string
}

// BuildCity returns a GeoIP2-City database (IPv6 tree, IPv4 aliased).
func BuildCity(databaseType string, cities ...City) ([]byte, error) {
	records := make(map[string]mmdbtype.DataType, len(cities))
	for _, c := range cities {
		records[c.Network] = cityRecord(c)
	}
	return BuildRecords(databaseType, records)
}

// BuildASN returns a GeoLite2-ASN database.
func BuildASN(asns ...ASN) ([]byte, error) {
	records := make(map[string]mmdbtype.DataType, len(asns))
	for _, a := range asns {
		records[a.Network] = mmdbtype.Map{
			"autonomous_system_number":       mmdbtype.Uint32(a.Number),
			"autonomous_system_organization": mmdbtype.String(a.Org),
		}
	}
	return BuildRecords("GeoLite2-ASN", records)
}

func names(en, de string) mmdbtype.Map {
	m := mmdbtype.Map{"en": mmdbtype.String(en)}
	if de != "" {
		m["de"] = mmdbtype.String(de)
	}
	return m
}

func cityRecord(c City) mmdbtype.Map {
	country := mmdbtype.Map{"geoname_id": mmdbtype.Uint32(2921044), "iso_code": mmdbtype.String(c.CountryISO),
		"names": names(c.Country, c.CountryDE)}
	rec := mmdbtype.Map{
		"city":               mmdbtype.Map{"geoname_id": mmdbtype.Uint32(2950159), "names": names(c.City, c.CityDE)},
		"continent":          mmdbtype.Map{"code": mmdbtype.String(c.ContinentCode), "geoname_id": mmdbtype.Uint32(6255148), "names": names(c.Continent, "")},
		"country":            country,
		"registered_country": country,
		"postal":             mmdbtype.Map{"code": mmdbtype.String(c.Postal)},
	}
	loc := mmdbtype.Map{"accuracy_radius": mmdbtype.Uint16(20), "time_zone": mmdbtype.String(c.TimeZone)}
	if !c.NoLocation {
		loc["latitude"], loc["longitude"] = mmdbtype.Float64(c.Lat), mmdbtype.Float64(c.Lon)
	}
	rec["location"] = loc
	if c.Region != "" {
		rec["subdivisions"] = mmdbtype.Slice{mmdbtype.Map{"geoname_id": mmdbtype.Uint32(2950157),
			"iso_code": mmdbtype.String(c.RegionISO), "names": names(c.Region, "")}}
	}
	return rec
}

// BuildRecords returns a database of the given type holding records as
// given, keyed by network: the way to write records no real database has.
func BuildRecords(databaseType string, records map[string]mmdbtype.DataType) ([]byte, error) {
	return buildTree(mmdbwriter.Options{DatabaseType: databaseType, RecordSize: 28,
		Languages: []string{"en", "de"}, Description: map[string]string{"en": "otelcol-flows test database"}}, records)
}

func buildTree(opts mmdbwriter.Options, records map[string]mmdbtype.DataType) ([]byte, error) {
	tree, err := mmdbwriter.New(opts)
	if err != nil {
		return nil, err
	}
	for network, rec := range records {
		_, ipnet, err := net.ParseCIDR(network)
		if err != nil {
			return nil, err
		}
		if err := tree.Insert(ipnet, rec); err != nil {
			return nil, fmt.Errorf("inserting %s: %w", network, err)
		}
	}
	var buf bytes.Buffer
	if _, err := tree.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Replace writes data next to path and renames it over path, the way
// geoipupdate installs a new database.
func Replace(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".geodbtest-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// WriteRecords writes a database built with opts, holding records keyed by
// network, to path: for a test that needs its own record layout or options
// (reserved networks, one language).
func WriteRecords(tb testing.TB, path string, opts mmdbwriter.Options, records map[string]mmdbtype.DataType) {
	tb.Helper()
	data, err := buildTree(opts, records)
	mustReplace(tb, path, data, err)
}

// WriteCity writes a GeoIP2-City database to path.
func WriteCity(tb testing.TB, path string, cities ...City) {
	tb.Helper()
	data, err := BuildCity("GeoIP2-City", cities...)
	mustReplace(tb, path, data, err)
}

// WriteASN writes a GeoLite2-ASN database to path.
func WriteASN(tb testing.TB, path string, asns ...ASN) {
	tb.Helper()
	data, err := BuildASN(asns...)
	mustReplace(tb, path, data, err)
}

// mustReplace installs the database built (data, err) at path, or fails the test.
func mustReplace(tb testing.TB, path string, data []byte, err error) {
	tb.Helper()
	if err == nil {
		err = Replace(path, data)
	}
	if err != nil {
		tb.Fatal(err)
	}
}

// Berlin and friends are the fixtures the tests share.
var (
	Berlin = City{Network: "81.2.69.0/24", City: "Berlin", CityDE: "Berlin", Country: "Germany", CountryDE: "Deutschland",
		CountryISO: "DE", Continent: "Europe", ContinentCode: "EU", Region: "Land Berlin", RegionISO: "BE",
		Postal: "10115", TimeZone: "Europe/Berlin", Lat: 52.52, Lon: 13.405}
	Munich = City{Network: "2a02:8100::/32", City: "Munich", CityDE: "München", Country: "Germany", CountryDE: "Deutschland",
		CountryISO: "DE", Continent: "Europe", ContinentCode: "EU", Region: "Bavaria", RegionISO: "BY",
		Postal: "80331", TimeZone: "Europe/Berlin", Lat: 48.137, Lon: 11.575}
	// CountryOnly has no city, region, postal code nor coordinates, like
	// many networks in GeoLite2-City.
	CountryOnly = City{Network: "89.160.20.0/24", Country: "Sweden", CountryISO: "SE", Continent: "Europe",
		ContinentCode: "EU", TimeZone: "Europe/Stockholm", NoLocation: true}
	ASNBerlin = ASN{Network: "81.2.0.0/16", Number: 20712, Org: "Andrews & Arnold Ltd"}
	ASNMunich = ASN{Network: "2a02:8100::/28", Number: 3209, Org: "Vodafone GmbH"}
)
