// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package elements reads operator-defined information elements (the ipfix receiver's
// custom_elements): definitions from the configuration and from YAML files, checked against
// each other and the compiled table, with errors that say where (file and line, or
// configuration path) and which key.
package elements // import "github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver/internal/elements"

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/otelcol-flows/otelcol-flows/internal/iana"
	"github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver/internal/yamllist"
)

// Definition is one information element definition.
type Definition struct {
	// PEN is the private enterprise number; 0 for an ID the IANA registry
	// has not assigned (NetFlow v9 vendor field types are PEN 0, ID >= 32768).
	PEN uint32 `mapstructure:"pen" yaml:"pen"`
	// ID is the element ID (15 bits with a PEN other than 0).
	ID uint16 `mapstructure:"id" yaml:"id"`
	// Name becomes the attribute netflow.<snake_case name>, as the compiled
	// elements' do.
	Name string `mapstructure:"name" yaml:"name"`
	// Type is an RFC 7012 abstract data type: unsigned8..64, signed8..64,
	// float32, float64, boolean, macAddress, octetArray, string,
	// dateTimeSeconds, dateTimeMilliseconds, dateTimeMicroseconds,
	// dateTimeNanoseconds, ipv4Address, ipv6Address (list types stay raw).
	Type string `mapstructure:"type" yaml:"type"`
}

// elementName is what a name may be: the attribute key stays one flat
// netflow.* key.
var elementName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

// compiledKeys indexes the compiled table by attribute key, so that a custom
// name cannot take a compiled element's attribute.
var compiledKeys = sync.OnceValue(func() map[string]iana.Element {
	m := map[string]iana.Element{}
	for _, e := range iana.All() {
		m[e.Key] = e
	}
	return m
})

// origin is where a definition came from: a configuration path
// ("'custom_elements::elements[2]'") or a file with the line of the
// definition and of each of its keys.
type origin struct {
	where string
	line  int
	keys  map[string]int
}

// String is where the definition starts, for "already defined at".
func (o origin) String() string {
	if o.line > 0 {
		return fmt.Sprintf("%s:%d", o.where, o.line)
	}
	return o.where
}

// at names a key of the definition: "file.yaml:12: 'type'" or
// "'custom_elements::elements[2]::type'".
func (o origin) at(key string) string {
	if line, ok := o.keys[key]; ok {
		return fmt.Sprintf("%s:%d: '%s'", o.where, line, key)
	}
	return strings.TrimSuffix(o.where, "'") + "::" + key + "'"
}

// Set collects definitions, checking each against the others and the compiled
// table.
type Set struct {
	defs  []iana.Element
	byID  map[uint64]origin
	byKey map[string]origin
	errs  []error
}

// NewSet returns an empty set.
func NewSet() *Set {
	return &Set{byID: map[uint64]origin{}, byKey: map[string]origin{}}
}

func (s *Set) fail(o origin, key, format string, args ...any) {
	s.errs = append(s.errs, fmt.Errorf("%s "+format, append([]any{o.at(key)}, args...)...))
}

// Add adds a definition of the configuration; where is its configuration path
// ("'custom_elements::elements[2]'").
func (s *Set) Add(where string, c Definition) { s.add(origin{where: where}, c) }

func (s *Set) add(o origin, c Definition) {
	typ, ok := iana.LookupType(c.Type)
	switch {
	case c.Type == "":
		s.fail(o, "type", "is required")
		return
	case !ok:
		s.fail(o, "type", "%q is not an RFC 7012 abstract data type (%s)", c.Type, strings.Join(iana.TypeNames(), ", "))
		return
	case !elementName.MatchString(c.Name):
		s.fail(o, "name", "%q is not a valid attribute key: letters, digits and '_', starting with a letter", c.Name)
		return
	}
	if !s.idFree(o, c) {
		return
	}
	key := iana.KeyFor(c.Name)
	if prev, dup := s.byKey[key]; dup {
		s.fail(o, "name", "%q (netflow.%s) is already defined at %s", c.Name, key, prev)
		return
	}
	// The same attribute with the same type is the same element in another numbering (nProbe's
	// IPFIX 35632/118 is its NetFlow v9 57590, compiled as nprobeL7Proto); anything else would
	// put two meanings under one key.
	if e, taken := compiledKeys()[key]; taken && (e.PEN != c.PEN || e.ID != c.ID) && e.Type != typ {
		s.fail(o, "name", "%q gives netflow.%s, the attribute of compiled element %s (%d/%d) of type %s", c.Name, key, e.Name, e.PEN, e.ID, e.Type)
		return
	}
	s.byID[uint64(c.PEN)<<16|uint64(c.ID)], s.byKey[key] = o, o
	s.defs = append(s.defs, iana.Element{PEN: c.PEN, ID: c.ID, Name: c.Name, Key: key, Type: typ})
}

// idFree checks the PEN and ID: not defined twice, not an element the
// decoder treats itself (IANA elements, RFC 5103 reverse elements, Juniper
// common properties), within the 15 bits of enterprise element IDs.
func (s *Set) idFree(o origin, c Definition) bool {
	id := uint64(c.PEN)<<16 | uint64(c.ID)
	if prev, dup := s.byID[id]; dup {
		s.fail(o, "id", "%d of 'pen' %d is already defined at %s", c.ID, c.PEN, prev)
		return false
	}
	switch {
	case c.PEN != 0 && c.ID > 0x7FFF:
		s.fail(o, "id", "%d is over 32767: enterprise element IDs have 15 bits (RFC 7011 section 3.2)", c.ID)
	case c.PEN == iana.ReversePEN:
		s.fail(o, "pen", "29305 holds the RFC 5103 reverse elements, derived from the IANA ones")
	case c.PEN == 2636 && c.ID == 137:
		s.fail(o, "id", "2636/137 (Juniper common properties) is decoded by the receiver")
	default:
		if e, known := iana.Lookup(c.PEN, c.ID); known && c.PEN == 0 {
			s.fail(o, "id", "%d is the compiled element %s: with 'pen' 0 only IDs the compiled table does not know can be defined", c.ID, e.Name)
			break
		}
		return true
	}
	return false
}

// AddFile adds the definitions of one file: a YAML list of mappings with
// the keys pen, id, name and type.
func (s *Set) AddFile(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	entries, err := yamllist.Entries(path, data, "elements (pen, id, name, type)")
	if err != nil {
		return err
	}
	for _, n := range entries {
		c, o, err := decodeElement(path, n)
		if err != nil {
			s.errs = append(s.errs, err)
			continue
		}
		s.add(o, c)
	}
	return nil
}

// decodeElement decodes one definition of a file, noting the line of each key.
func decodeElement(path string, n *yaml.Node) (Definition, origin, error) {
	var c Definition
	o := origin{where: path, line: n.Line, keys: map[string]int{}}
	if n.Kind != yaml.MappingNode {
		return c, o, fmt.Errorf("%s:%d: expected a mapping of pen, id, name, type", path, n.Line)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		var err error
		var u uint64
		switch k.Value {
		case "pen":
			u, err = decodeUint(v, 32)
			c.PEN = uint32(u)
		case "id":
			u, err = decodeUint(v, 16)
			c.ID = uint16(u)
		case "name":
			err = v.Decode(&c.Name)
		case "type":
			err = v.Decode(&c.Type)
		default:
			return c, o, fmt.Errorf("%s:%d: unknown key '%s' (want pen, id, name, type)", path, k.Line, k.Value)
		}
		if err != nil {
			return c, o, fmt.Errorf("%s:%d: '%s' %w", path, v.Line, k.Value, err)
		}
		o.keys[k.Value] = v.Line
	}
	for _, key := range []string{"pen", "id", "name", "type"} {
		if _, ok := o.keys[key]; !ok {
			return c, o, fmt.Errorf("%s:%d: '%s' is required", path, n.Line, key)
		}
	}
	return c, o, nil
}

// decodeUint reads a YAML integer of at most bits bits.
func decodeUint(v *yaml.Node, bits int) (uint64, error) {
	n, err := strconv.ParseUint(v.Value, 0, bits)
	if v.Kind != yaml.ScalarNode || err != nil {
		return 0, fmt.Errorf("%q is not a number of at most %d bits", v.Value, bits)
	}
	return n, nil
}

// Elements returns the definitions added, as the decoder's table takes them,
// and every error met.
func (s *Set) Elements() ([]iana.Element, error) { return s.defs, errors.Join(s.errs...) }

// Fail records an error of the caller (a file it could not read).
func (s *Set) Fail(err error) { s.errs = append(s.errs, err) }
