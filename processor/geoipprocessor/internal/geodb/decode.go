// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geodb // import "github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor/internal/geodb"

import (
	"math"

	geoip2 "github.com/oschwald/geoip2-golang/v2"
	"github.com/oschwald/maxminddb-golang/v2"
)

// decodeCity reads a City-schema record; Country files use the same schema
// without city, subdivisions, postal code and location, which stay empty.
func decodeCity(res maxminddb.Result, pick namePicker) (*Record, error) {
	var c geoip2.City
	if err := res.Decode(&c); err != nil {
		return nil, err
	}
	rec := &Record{
		CountryISOCode: c.Country.ISOCode,
		CountryName:    pick(&c.Country.Names),
		CityName:       pick(&c.City.Names),
		ContinentCode:  c.Continent.Code,
		ContinentName:  pick(&c.Continent.Names),
		PostalCode:     c.Postal.Code,
		TimeZone:       c.Location.TimeZone,
	}
	if c.Location.HasCoordinates() {
		rec.Latitude, rec.Longitude, rec.HasLocation = *c.Location.Latitude, *c.Location.Longitude, true
	}
	// The first subdivision is the largest (state, region); ECS wants its
	// ISO 3166-2 code, which is the country code and the subdivision code.
	if len(c.Subdivisions) > 0 {
		sub := c.Subdivisions[0]
		rec.RegionName = pick(&sub.Names)
		if sub.ISOCode != "" && c.Country.ISOCode != "" {
			rec.RegionISOCode = c.Country.ISOCode + "-" + sub.ISOCode
		}
	}
	return rec, nil
}

func decodeASN(res maxminddb.Result) (*Record, error) {
	var a geoip2.ASN
	if err := res.Decode(&a); err != nil {
		return nil, err
	}
	rec := &Record{ASOrganization: a.AutonomousSystemOrganization}
	// AS numbers are 32-bit (RFC 6793); anything larger is damage, not data.
	if a.AutonomousSystemNumber <= math.MaxUint32 {
		rec.ASNumber = uint32(a.AutonomousSystemNumber)
	}
	return rec, nil
}
