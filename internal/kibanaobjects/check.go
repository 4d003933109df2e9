// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package kibanaobjects // import "github.com/otelcol-flows/otelcol-flows/internal/kibanaobjects"

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
)

// typesFor lists the Elasticsearch field types each use works on.
var typesFor = map[Use][]string{
	UseTerms:  {"keyword", "ip", "long", "integer", "short", "byte", "double", "float", "date", "boolean"},
	UseMetric: {"long", "integer", "short", "byte", "double", "float", "half_float", "scaled_float", "unsigned_long"},
	UseDate:   {"date", "date_nanos"},
	UseGeo:    {"geo_point"},
}

// CheckRefs returns one error per reference whose field the mappings lack or whose type
// cannot do what the panel asks.
func CheckRefs(refs []FieldRef, types map[string]string) []error {
	var errs []error
	for _, r := range refs {
		typ, ok := types[r.Field]
		switch {
		case !ok:
			errs = append(errs, fmt.Errorf("%s (%q): %s is not in the index template", r.Object, r.Title, r.Field))
		case r.Use != UseColumn && !slices.Contains(typesFor[r.Use], typ):
			errs = append(errs, fmt.Errorf("%s (%q): %s is %s, which cannot do %s", r.Object, r.Title, r.Field, typ, r.Use))
		}
	}
	return errs
}

// TemplateFieldTypes flattens the explicit mappings of component template files into
// field -> type, as an index created from them maps its fields.
func TemplateFieldTypes(paths ...string) (map[string]string, error) {
	types := map[string]string{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		var c struct {
			Template struct {
				Mappings struct {
					Properties map[string]property `json:"properties"`
				} `json:"mappings"`
			} `json:"template"`
		}
		if err := json.Unmarshal(data, &c); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		flatten("", c.Template.Mappings.Properties, types)
	}
	return types, nil
}

type property struct {
	Type       string              `json:"type"`
	Properties map[string]property `json:"properties"`
}

func flatten(prefix string, props map[string]property, out map[string]string) {
	for name, p := range props {
		if p.Properties != nil {
			flatten(prefix+name+".", p.Properties, out)
			continue
		}
		out[prefix+name] = p.Type
	}
}
