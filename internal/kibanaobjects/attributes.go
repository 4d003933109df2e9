// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package kibanaobjects // import "github.com/otelcol-flows/otelcol-flows/internal/kibanaobjects"

import (
	"encoding/json"
	"fmt"
)

// objectAttributes are the attributes of every saved object type we ship; each type fills
// the ones it has.
type objectAttributes struct {
	Title         string     `json:"title"`
	TimeFieldName string     `json:"timeFieldName"` // index-pattern
	VisState      string     `json:"visState"`      // visualization
	Columns       []string   `json:"columns"`       // search
	Sort          [][]string `json:"sort"`          // search
	LayerListJSON string     `json:"layerListJSON"` // map
	Meta          struct {
		SearchSourceJSON string `json:"searchSourceJSON"`
	} `json:"kibanaSavedObjectMeta"`
}

type visState struct {
	Aggs []struct {
		Type   string `json:"type"`
		Params struct {
			Field string `json:"field"`
		} `json:"params"`
	} `json:"aggs"`
}

type searchSource struct {
	Filter []struct {
		Meta struct {
			Key string `json:"key"`
		} `json:"meta"`
	} `json:"filter"`
}

type mapLayer struct {
	SourceDescriptor struct {
		GeoField string `json:"geoField"`
		Metrics  []struct {
			Field string `json:"field"`
		} `json:"metrics"`
		Term string `json:"term"`
	} `json:"sourceDescriptor"`
}

// aggUses is what each aggregation type asks of its field.
var aggUses = map[string]Use{
	"terms": UseTerms, "significant_terms": UseTerms, "cardinality": UseTerms,
	"sum": UseMetric, "avg": UseMetric, "min": UseMetric, "max": UseMetric, "median": UseMetric,
	"percentiles": UseMetric, "date_histogram": UseDate, "geohash_grid": UseGeo, "geotile_grid": UseGeo,
}

func (a *objectAttributes) fields() ([]FieldRef, error) {
	var out []FieldRef
	add := func(f string, u Use) {
		if f != "" {
			out = append(out, FieldRef{Field: f, Use: u})
		}
	}
	add(a.TimeFieldName, UseDate)
	for _, c := range a.Columns {
		add(c, UseColumn)
	}
	for _, s := range a.Sort {
		if len(s) > 0 {
			add(s[0], UseColumn)
		}
	}
	if a.VisState != "" {
		var vs visState
		if err := json.Unmarshal([]byte(a.VisState), &vs); err != nil {
			return nil, fmt.Errorf("visState: %w", err)
		}
		for _, agg := range vs.Aggs {
			u, ok := aggUses[agg.Type]
			if agg.Params.Field != "" && !ok {
				return nil, fmt.Errorf("visState: aggregation %q on %s is not one this check knows", agg.Type, agg.Params.Field)
			}
			add(agg.Params.Field, u)
		}
	}
	if a.Meta.SearchSourceJSON != "" {
		var ss searchSource
		if err := json.Unmarshal([]byte(a.Meta.SearchSourceJSON), &ss); err != nil {
			return nil, fmt.Errorf("searchSourceJSON: %w", err)
		}
		for _, f := range ss.Filter {
			add(f.Meta.Key, UseColumn)
		}
	}
	if a.LayerListJSON != "" {
		var layers []mapLayer
		if err := json.Unmarshal([]byte(a.LayerListJSON), &layers); err != nil {
			return nil, fmt.Errorf("layerListJSON: %w", err)
		}
		for _, l := range layers {
			add(l.SourceDescriptor.GeoField, UseGeo)
			add(l.SourceDescriptor.Term, UseTerms)
			for _, m := range l.SourceDescriptor.Metrics {
				add(m.Field, UseMetric)
			}
		}
	}
	return out, nil
}
