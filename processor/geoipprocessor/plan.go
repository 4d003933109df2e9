// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geoipprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor"

import (
	"slices"

	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor/internal/geodb"
)

// pairPlan is one pair with its attribute keys built once, so the hot path
// concatenates no strings.
type pairPlan struct {
	address string
	fields  int        // len(geo) + len(as)
	geo     []fieldKey // fields from the city database
	as      []fieldKey // fields from the ASN database
}

type fieldKey struct {
	field fieldID
	key   string
}

// fieldID is a Field's index in fieldNames: the hot path switches on a
// small integer rather than comparing strings.
type fieldID uint8

const (
	idLocation fieldID = iota
	idCountryISOCode
	idCountryName
	idCityName
	idRegionName
	idRegionISOCode
	idContinentCode
	idContinentName
	idPostalCode
	idTimezone
	idASNumber
	idASOrganization
)

func (f Field) id() fieldID {
	return fieldID(slices.Index(allFields, f))
}

func planPairs(cfg *Config) []pairPlan {
	plans := make([]pairPlan, 0, len(cfg.Pairs))
	for _, pair := range cfg.Pairs {
		plan := pairPlan{address: pair.Address}
		for _, f := range cfg.Fields {
			fk := fieldKey{field: f.id(), key: pair.Target + "." + string(f)}
			if f.fromASN() {
				plan.as = append(plan.as, fk)
			} else {
				plan.geo = append(plan.geo, fk)
			}
		}
		plan.fields = len(plan.geo) + len(plan.as)
		plans = append(plans, plan)
	}
	return plans
}

// putFields writes the fields the record has; empty values are left out
// rather than written as "" or 0, as ECS and the Logstash filter do.
func putFields(attrs pcommon.Map, keys []fieldKey, rec *geodb.Record) {
	for _, fk := range keys {
		if fk.field == idLocation {
			if rec.HasLocation {
				loc := attrs.PutEmptyMap(fk.key)
				loc.EnsureCapacity(2)
				loc.PutDouble("lat", rec.Latitude)
				loc.PutDouble("lon", rec.Longitude)
			}
			continue
		}
		if fk.field == idASNumber {
			if rec.ASNumber != 0 {
				attrs.PutInt(fk.key, int64(rec.ASNumber))
			}
			continue
		}
		if s := stringField(fk.field, rec); s != "" {
			attrs.PutStr(fk.key, s)
		}
	}
}

func stringField(f fieldID, rec *geodb.Record) string {
	switch f {
	case idCountryISOCode:
		return rec.CountryISOCode
	case idCountryName:
		return rec.CountryName
	case idCityName:
		return rec.CityName
	case idRegionName:
		return rec.RegionName
	case idRegionISOCode:
		return rec.RegionISOCode
	case idContinentCode:
		return rec.ContinentCode
	case idContinentName:
		return rec.ContinentName
	case idPostalCode:
		return rec.PostalCode
	case idTimezone:
		return rec.TimeZone
	case idASOrganization:
		return rec.ASOrganization
	}
	return ""
}
