// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package yamllist reads the operator files of the ipfix receiver that are YAML lists
// (interfaces, custom elements) as nodes, so that errors can name the line of each entry.
package yamllist // import "github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver/internal/yamllist"

import (
	"fmt"

	"go.yaml.in/yaml/v3"
)

// Entries returns the entries of the YAML list in data; an empty document has none. what
// names an entry for the error of a document that is not a list.
func Entries(path string, data []byte, what string) ([]*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	list := doc.Content[0]
	if list.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%s:%d: expected a list of %s", path, list.Line, what)
	}
	return list.Content, nil
}
