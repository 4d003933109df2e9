// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geoipprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor"

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Field is one ECS field the processor can write, named relative to a
// pair's target (source, destination...).
type Field string

// fieldNames are the fields' ECS names by fieldID, in the order they are
// written. geo.location is a map {lat, lon}, the object form Elasticsearch
// accepts for a geo_point.
var fieldNames = [...]Field{
	idLocation: "geo.location", idCountryISOCode: "geo.country_iso_code", idCountryName: "geo.country_name",
	idCityName: "geo.city_name", idRegionName: "geo.region_name", idRegionISOCode: "geo.region_iso_code",
	idContinentCode: "geo.continent_code", idContinentName: "geo.continent_name",
	idPostalCode: "geo.postal_code", idTimezone: "geo.timezone",
	idASNumber: "as.number", idASOrganization: "as.organization.name",
}

// allFields is the default selection.
var allFields = fieldNames[:]

// UnmarshalText rejects unknown field names when the configuration is read.
func (f *Field) UnmarshalText(text []byte) error {
	name := Field(text)
	if !slices.Contains(allFields, name) {
		return fmt.Errorf("unknown field %q, known fields: %s", text, fieldList())
	}
	*f = name
	return nil
}

func fieldList() string {
	names := make([]string, len(allFields))
	for i, f := range allFields {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}

// fromASN tells which database provides the field.
func (f Field) fromASN() bool {
	return strings.HasPrefix(string(f), "as.")
}

func validateFields(fields []Field) error {
	if len(fields) == 0 {
		return errors.New("'fields' must not be empty")
	}
	var errs []error
	for i, f := range fields {
		if !slices.Contains(allFields, f) {
			errs = append(errs, fmt.Errorf("'fields[%d]' %q is not one of %s", i, f, fieldList()))
		} else if slices.Index(fields, f) != i {
			errs = append(errs, fmt.Errorf("'fields[%d]' %q is listed twice", i, f))
		}
	}
	return errors.Join(errs...)
}
