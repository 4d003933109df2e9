// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geoipprocessor

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFieldIDsFollowAllFields(t *testing.T) {
	ids := []fieldID{idLocation, idCountryISOCode, idCountryName, idCityName, idRegionName, idRegionISOCode,
		idContinentCode, idContinentName, idPostalCode, idTimezone, idASNumber, idASOrganization}
	assert.Len(t, allFields, len(ids))
	for i, f := range allFields {
		assert.Equal(t, ids[i], f.id(), f)
	}
}

func TestPlanPairsSplitsFieldsByDatabase(t *testing.T) {
	cfg := createDefaultConfig().(*Config)
	cfg.Fields = []Field{"as.number", "geo.city_name"}
	plans := planPairs(cfg)
	assert.Equal(t, []pairPlan{
		{address: "source.ip", fields: 2, geo: []fieldKey{{idCityName, "source.geo.city_name"}}, as: []fieldKey{{idASNumber, "source.as.number"}}},
		{address: "destination.ip", fields: 2, geo: []fieldKey{{idCityName, "destination.geo.city_name"}}, as: []fieldKey{{idASNumber, "destination.as.number"}}},
	}, plans)
}
