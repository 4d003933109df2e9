// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geodb // import "github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor/internal/geodb"

import (
	"strconv"

	"github.com/oschwald/maxminddb-golang/v2"
)

// flatCity is a record of the ip-location-db schema. The names are in
// English only; there is no country or continent name and no subdivision
// code, so those fields stay empty.
type flatCity struct {
	City        string `maxminddb:"city"`
	CountryCode string `maxminddb:"country_code"`
	State1      string `maxminddb:"state1"`
	Postcode    string `maxminddb:"postcode"`
	Timezone    string `maxminddb:"timezone"`
	// ip-location-db writes coordinates as 32-bit floats; a double is
	// taken too. nil: the record has no location.
	Latitude  any `maxminddb:"latitude"`
	Longitude any `maxminddb:"longitude"`
}

// decodeFlatCity reads an ip-location-db record. state1 is the largest
// subdivision (a state, a region), which is what ECS's region_name is.
func decodeFlatCity(res maxminddb.Result) (*Record, error) {
	var c flatCity
	if err := res.Decode(&c); err != nil {
		return nil, err
	}
	rec := &Record{
		CountryISOCode: c.CountryCode,
		CityName:       c.City,
		RegionName:     c.State1,
		PostalCode:     c.Postcode,
		TimeZone:       c.Timezone,
	}
	lat, latOK := coordinate(c.Latitude)
	lon, lonOK := coordinate(c.Longitude)
	if latOK && lonOK {
		rec.Latitude, rec.Longitude, rec.HasLocation = lat, lon, true
	}
	return rec, nil
}

// coordinate widens a 32-bit float by its shortest decimal form, so the
// file's 37.422 is written as 37.422 and not as 37.42200088500977.
func coordinate(v any) (float64, bool) {
	switch f := v.(type) {
	case float64:
		return f, true
	case float32:
		wide, err := strconv.ParseFloat(strconv.FormatFloat(float64(f), 'g', -1, 32), 64)
		return wide, err == nil
	}
	return 0, false
}
