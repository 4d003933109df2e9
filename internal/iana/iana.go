// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package iana holds the IPFIX information element registry (IANA, RFC 7012) plus the
// enterprise and NetFlow v9 vendor elements seen in real exporters, as a generated Go table.
package iana // import "github.com/otelcol-flows/otelcol-flows/internal/iana"

//go:generate go run ./gen -csv ipfix-information-elements-2013.csv -yaml logstash-ipfix.yaml -v9 v9-vendor-elements.csv -out elements_gen.go

// Type is the abstract data type of an information element (RFC 7012 section 3.1).
type Type uint8

// Data types. OctetArray is also used for lists and unknown types: the value is kept raw.
const (
	OctetArray Type = iota
	Unsigned8
	Unsigned16
	Unsigned32
	Unsigned64
	Signed8
	Signed16
	Signed32
	Signed64
	Float32
	Float64
	Boolean
	MACAddress
	String
	DateTimeSeconds
	DateTimeMilliseconds
	DateTimeMicroseconds
	DateTimeNanoseconds
	IPv4Address
	IPv6Address
	BasicList
	SubTemplateList
	SubTemplateMultiList
)

var typeNames = [...]string{"octetArray", "unsigned8", "unsigned16", "unsigned32", "unsigned64",
	"signed8", "signed16", "signed32", "signed64", "float32", "float64", "boolean", "macAddress",
	"string", "dateTimeSeconds", "dateTimeMilliseconds", "dateTimeMicroseconds", "dateTimeNanoseconds",
	"ipv4Address", "ipv6Address", "basicList", "subTemplateList", "subTemplateMultiList"}

// String returns the RFC 7012 name of the type.
func (t Type) String() string { return registryName(typeNames[:], t) }

// ParseType maps an RFC 7012 type name to a Type; unknown names are OctetArray.
func ParseType(s string) Type {
	t, _ := LookupType(s)
	return t
}

// LookupType maps an RFC 7012 type name to a Type and says whether the name is one.
func LookupType(s string) (Type, bool) { return lookupRegistryName[Type](typeNames[:], s) }

// TypeNames lists the RFC 7012 type names, for messages.
func TypeNames() []string { return append([]string(nil), typeNames[:]...) }

// Semantics is the data type semantics of an element (RFC 7012 section 3.2).
type Semantics uint8

// Data type semantics.
const (
	Default Semantics = iota
	Quantity
	TotalCounter
	DeltaCounter
	Identifier
	Flags
	List
)

var semanticsNames = [...]string{"default", "quantity", "totalCounter", "deltaCounter", "identifier", "flags", "list"}

// String returns the RFC 7012 name of the semantics.
func (s Semantics) String() string { return registryName(semanticsNames[:], s) }

// ParseSemantics maps an RFC 7012 semantics name to a Semantics; unknown names are Default.
func ParseSemantics(s string) Semantics { return parseRegistryName[Semantics](semanticsNames[:], s) }

// registryName is v's name in names, an RFC 7012 registry whose first entry
// (the zero value: octetArray, default) also stands for what it does not know.
func registryName[T ~uint8](names []string, v T) string {
	if int(v) < len(names) {
		return names[v]
	}
	return names[0]
}

// parseRegistryName is the value names gives s; unknown names are the zero value.
func parseRegistryName[T ~uint8](names []string, s string) T {
	v, _ := lookupRegistryName[T](names, s)
	return v
}

// lookupRegistryName is the value names gives s, and whether s is one of names.
func lookupRegistryName[T ~uint8](names []string, s string) (T, bool) {
	for i, n := range names {
		if n == s {
			return T(i), true
		}
	}
	return 0, false
}

// ReversePEN is the RFC 5103 private enterprise number of reverse information elements.
const ReversePEN = 29305

// Element is one information element.
type Element struct {
	PEN       uint32 // 0 for IANA elements and for NetFlow v9 vendor field types >= 32768
	ID        uint16
	Name      string // registry name, lowerCamelCase
	Key       string // Filebeat-style snake_case name used under "netflow."
	Type      Type
	Semantics Semantics
}

// Lookup returns the element registered for pen and id. Reverse elements (PEN 29305) are
// derived from the IANA element with the same ID (RFC 5103 section 6.1).
func Lookup(pen uint32, id uint16) (Element, bool) {
	if pen == 0 {
		if int(id) < len(ianaElements) && ianaElements[id].Name != "" {
			return ianaElements[id], true
		}
	}
	if e, ok := enterpriseElements[uint64(pen)<<16|uint64(id)]; ok {
		return e, true
	}
	if pen == ReversePEN && int(id) < len(reverseElements) && reverseElements[id].Name != "" {
		return reverseElements[id], true
	}
	return Element{}, false
}

// All returns every element of the table: IANA, reverse (RFC 5103) and enterprise elements.
func All() []Element {
	var out []Element
	for _, e := range ianaElements {
		if e.Name != "" {
			out = append(out, e)
		}
	}
	for _, e := range reverseElements {
		if e.Name != "" {
			out = append(out, e)
		}
	}
	for _, e := range enterpriseElements {
		out = append(out, e)
	}
	return out
}
