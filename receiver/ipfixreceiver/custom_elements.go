// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver // import "github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver"

import (
	"fmt"

	"github.com/otelcol-flows/otelcol-flows/internal/iana"
	"github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver/internal/decoder"
	"github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver/internal/elements"
)

// CustomElementsConfig defines information elements the compiled table does
// not know (vendor elements), so that they are decoded named and typed.
type CustomElementsConfig struct {
	// Files are YAML files, each a list of definitions like Elements
	// (distribution/elements/ has some vendors'). Read at start.
	Files []string `mapstructure:"files"`
	// Elements are definitions in the configuration; a definition here and
	// one in a file may not name the same element.
	Elements []CustomElement `mapstructure:"elements"`
}

// load reads the definitions of the configuration and its files.
func (c *CustomElementsConfig) load() ([]iana.Element, error) {
	s := elements.NewSet()
	for i, e := range c.Elements {
		s.Add(fmt.Sprintf("'custom_elements::elements[%d]'", i), e)
	}
	for i, path := range c.Files {
		if err := s.AddFile(path); err != nil {
			s.Fail(fmt.Errorf("'custom_elements::files[%d]': %w", i, err))
		}
	}
	return s.Elements()
}

// CustomElement is one information element definition: pen, id, name, type.
type CustomElement = elements.Definition

func (c *CustomElementsConfig) validate() []error {
	if _, err := c.load(); err != nil {
		return []error{err}
	}
	return nil
}

// table builds the decoders' element table at start; files may have
// changed since Validate, so they are read again.
func (c *CustomElementsConfig) table() (*decoder.Elements, error) {
	defs, err := c.load()
	if err != nil {
		return nil, err
	}
	return decoder.NewElements(defs), nil
}
