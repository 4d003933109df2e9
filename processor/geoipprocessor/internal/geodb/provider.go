// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package geodb answers "where is this address, and who routes it" from
// MaxMind DB files (GeoLite2, GeoIP2 and DB-IP share the format and schema).
package geodb // import "github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor/internal/geodb"

import (
	"errors"
	"net/netip"
)

var (
	// ErrNotFound means the database has no record for the address. It is
	// an answer, not a failure: most flows have at least one side that no
	// database covers.
	ErrNotFound = errors.New("geodb: address not in database")
	// ErrClosed means the provider was used after Close.
	ErrClosed = errors.New("geodb: database closed")
	// ErrWrongDatabase means the file is a MaxMind DB of a type that cannot
	// answer the lookups asked of it (an ASN file given as the city database).
	ErrWrongDatabase = errors.New("geodb: wrong database type")
)

// Record is what one database knows about one network, with names already in
// the configured locale. A City database fills the geo fields, an ASN
// database the AS fields. Records returned by a Provider are shared between
// callers and must not be modified.
type Record struct {
	Latitude       float64
	Longitude      float64
	HasLocation    bool
	CountryISOCode string
	CountryName    string
	CityName       string
	RegionName     string
	RegionISOCode  string
	ContinentCode  string
	ContinentName  string
	PostalCode     string
	TimeZone       string
	ASNumber       uint32
	ASOrganization string
}

// Provider looks up addresses in one database.
type Provider interface {
	// Lookup returns the record of the network holding ip. cached reports
	// that the answer (a record or ErrNotFound) came from the cache without
	// reading the file. A failure other than ErrNotFound means the file is
	// damaged.
	Lookup(ip netip.Addr) (rec *Record, cached bool, err error)
	// Close releases the database. Lookups after Close return ErrClosed.
	Close() error
}
