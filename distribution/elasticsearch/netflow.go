// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package elasticsearch

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/otelcol-flows/otelcol-flows/internal/iana"
)

// esTypeOf is the mapping of the IANA abstract data types that cannot be
// left to type-based dynamic mapping: addresses arrive as strings but must
// be "ip", dates as RFC 3339 strings but must be "date".
var esTypeOf = map[iana.Type]string{
	iana.IPv4Address:          "ip",
	iana.IPv6Address:          "ip",
	iana.DateTimeSeconds:      "date",
	iana.DateTimeMilliseconds: "date",
	iana.DateTimeMicroseconds: "date",
	iana.DateTimeNanoseconds:  "date",
}

// derivedTyped are the netflow.* fields the receiver derives rather than copies from one
// element, whose values need a type dynamic mapping would not give them.
var derivedTyped = map[string]string{
	"section.srv6_segments":        "ip", // the SRv6 segment list of a sampled packet section
	"section.outer_source_ip":      "ip", // a decapsulated tunnel's outer addresses
	"section.outer_destination_ip": "ip",
}

// NetflowComponent renders the component template of the netflow.* fields
// from the element table the receiver decodes with. A repeated element
// arrives as an array of one type, which the same mapping takes.
func NetflowComponent(elements []iana.Element) ([]byte, error) {
	typed := map[string]string{}
	for _, e := range elements {
		if t, ok := esTypeOf[e.Type]; ok {
			typed[e.Key] = t
		}
	}
	if len(typed) == 0 {
		return nil, fmt.Errorf("no address or date elements found in the element table")
	}
	for k, t := range derivedTyped {
		typed[k] = t
	}
	keys := make([]string, 0, len(typed))
	for k := range typed {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var dts []any
	for _, k := range keys {
		// ignore_malformed: an element sent with the wrong length arrives as hex (the
		// receiver keeps it raw); the document is indexed without that one value.
		mapping := map[string]any{"type": typed[k], "ignore_malformed": true}
		dts = append(dts, map[string]any{
			"netflow_" + strings.ReplaceAll(k, ".", "_"): map[string]any{"path_match": "netflow." + k, "mapping": mapping},
		})
	}
	dts = append(dts, typeDynamicTemplates()...)
	doc := map[string]any{
		"_meta": map[string]any{
			"description": "netflow.* fields of otelcol-flows: exporter identity, and every IPFIX / NetFlow v9 element the receiver decodes; sflow.* fields of the sflow receiver",
			"generated":   "go generate ./distribution/elasticsearch from the element table of internal/iana",
		},
		"template": map[string]any{"mappings": map[string]any{
			"dynamic_templates": dts,
			"properties":        mergeProperties(exporterProperties(), sflowProperties()),
		}},
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// typeDynamicTemplates map the remaining netflow.* elements by JSON type;
// strings become keyword (ECS never uses analysed text for such values).
func typeDynamicTemplates() []any {
	tmpl := func(name, matchType, esType string) any {
		mapping := map[string]any{"type": esType}
		if esType == "keyword" {
			mapping["ignore_above"] = 1024
		}
		return map[string]any{name: map[string]any{
			"path_match": "netflow.*", "match_mapping_type": matchType, "mapping": mapping,
		}}
	}
	return []any{
		tmpl("netflow_long", "long", "long"),
		tmpl("netflow_double", "double", "double"),
		tmpl("netflow_boolean", "boolean", "boolean"),
		tmpl("netflow_string", "string", "keyword"),
		// Last: any other string (fields a processor adds that the ECS
		// component does not list) is a keyword, as ECS would have it.
		// Every dynamic template lives in this one component so that their
		// order, which decides the first match, does not depend on how a
		// given Elasticsearch version merges component templates.
		map[string]any{"strings_as_keyword": map[string]any{
			"match_mapping_type": "string", "unmatch": "message",
			"mapping": map[string]any{"type": "keyword", "ignore_above": 1024},
		}},
	}
}

func exporterProperties() map[string]any {
	kw := map[string]any{"type": "keyword"}
	long := map[string]any{"type": "long"}
	return map[string]any{
		"netflow": map[string]any{"properties": map[string]any{
			"type":              kw,
			"sampling_interval": long,
			"sampling_scaled":   map[string]any{"type": "boolean"},
			"exporter": map[string]any{"properties": map[string]any{
				// "ip:port" of the UDP source: not an ip field.
				"address":       kw,
				"version":       long,
				"source_id":     long,
				"uptime_millis": long,
				"timestamp":     map[string]any{"type": "date"},
			}},
		}},
	}
}

// sflowProperties types the sflow.* fields that dynamic mapping would get
// wrong: addresses (strings, but "ip") and the "ip:port" source (keyword).
// Numbers map to long and other strings to keyword dynamically.
func sflowProperties() map[string]any {
	ip := map[string]any{"type": "ip"}
	return map[string]any{
		"sflow": map[string]any{"properties": map[string]any{
			"exporter": map[string]any{"properties": map[string]any{"address": map[string]any{"type": "keyword"}}},
			"router":   map[string]any{"properties": map[string]any{"next_hop": ip}},
			"gateway":  map[string]any{"properties": map[string]any{"next_hop": ip}},
			"tunnel": map[string]any{"properties": map[string]any{
				"source":      map[string]any{"properties": map[string]any{"ip": ip}},
				"destination": map[string]any{"properties": map[string]any{"ip": ip}},
			}},
		}},
	}
}

func mergeProperties(a, b map[string]any) map[string]any {
	for k, v := range b {
		a[k] = v
	}
	return a
}
