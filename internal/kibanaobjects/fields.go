// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package kibanaobjects // import "github.com/otelcol-flows/otelcol-flows/internal/kibanaobjects"

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
)

// Use is what a panel asks of a field; each needs a field type that can do it.
type Use string

// The uses saved objects make of fields.
const (
	UseTerms  Use = "terms"  // a terms bucket: keyword, ip, numbers, date, boolean
	UseMetric Use = "metric" // sum, max, avg, min: numbers
	UseDate   Use = "date"   // date_histogram, the data view's time field: date
	UseGeo    Use = "geo"    // a map layer's geo field: geo_point
	UseColumn Use = "column" // a saved search column or sort: any mapped field
)

// FieldRef is one field reference of one saved object.
type FieldRef struct {
	Object string // type/id of the saved object
	Title  string
	Field  string
	Use    Use
}

// SavedObject is the part of a saved object the checks read.
type SavedObject struct {
	Type       string          `json:"type"`
	ID         string          `json:"id"`
	Attributes json.RawMessage `json:"attributes"`
	References []Reference     `json:"references"`
}

// Reference is a saved object's reference to another.
type Reference struct {
	Name string `json:"name"`
	Type string `json:"type"`
	ID   string `json:"id"`
}

// Title is the object's title attribute.
func (o SavedObject) Title() (string, error) {
	var a objectAttributes
	err := json.Unmarshal(o.Attributes, &a)
	return a.Title, err
}

// ReadObjects parses an NDJSON file of saved objects.
func ReadObjects(path string) ([]SavedObject, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var objs []SavedObject
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for line := 1; sc.Scan(); line++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var o SavedObject
		if err := json.Unmarshal(sc.Bytes(), &o); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", path, line, err)
		}
		objs = append(objs, o)
	}
	return objs, sc.Err()
}

// FieldRefs lists every field reference of the objects, including those inside the JSON
// strings Kibana nests in attributes (visState, searchSourceJSON, layerListJSON).
func FieldRefs(objs []SavedObject) ([]FieldRef, error) {
	var refs []FieldRef
	for _, o := range objs {
		var attrs objectAttributes
		if err := json.Unmarshal(o.Attributes, &attrs); err != nil {
			return nil, fmt.Errorf("%s/%s: attributes: %w", o.Type, o.ID, err)
		}
		found, err := attrs.fields()
		if err != nil {
			return nil, fmt.Errorf("%s/%s: %w", o.Type, o.ID, err)
		}
		for _, f := range found {
			f.Object, f.Title = o.Type+"/"+o.ID, attrs.Title
			refs = append(refs, f)
		}
	}
	return refs, nil
}
