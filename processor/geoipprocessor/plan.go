package geoipprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor"

import (
	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor/internal/geodb"
)

// pairPlan is one pair with its attribute keys built once, so the hot path
// concatenates no strings.
type pairPlan struct {
	address string
	geo     []fieldKey // fields from the city database
	as      []fieldKey // fields from the ASN database
}

type fieldKey struct {
	field Field
	key   string
}

func planPairs(cfg *Config) []pairPlan {
	plans := make([]pairPlan, 0, len(cfg.Pairs))
	for _, pair := range cfg.Pairs {
		plan := pairPlan{address: pair.Address}
		for _, f := range cfg.Fields {
			fk := fieldKey{field: f, key: pair.Target + "." + string(f)}
			if f.fromASN() {
				plan.as = append(plan.as, fk)
			} else {
				plan.geo = append(plan.geo, fk)
			}
		}
		plans = append(plans, plan)
	}
	return plans
}

// putFields writes the fields the record has; empty values are left out
// rather than written as "" or 0, as ECS and the Logstash filter do.
func putFields(attrs pcommon.Map, keys []fieldKey, rec *geodb.Record) {
	for _, fk := range keys {
		if fk.field == FieldLocation {
			if rec.HasLocation {
				loc := attrs.PutEmptyMap(fk.key)
				loc.EnsureCapacity(2)
				loc.PutDouble("lat", rec.Latitude)
				loc.PutDouble("lon", rec.Longitude)
			}
			continue
		}
		if fk.field == FieldASNumber {
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

func stringField(f Field, rec *geodb.Record) string {
	switch f {
	case FieldCountryISOCode:
		return rec.CountryISOCode
	case FieldCountryName:
		return rec.CountryName
	case FieldCityName:
		return rec.CityName
	case FieldRegionName:
		return rec.RegionName
	case FieldRegionISOCode:
		return rec.RegionISOCode
	case FieldContinentCode:
		return rec.ContinentCode
	case FieldContinentName:
		return rec.ContinentName
	case FieldPostalCode:
		return rec.PostalCode
	case FieldTimezone:
		return rec.TimeZone
	case FieldASOrganization:
		return rec.ASOrganization
	}
	return ""
}
