// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geodb // import "github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor/internal/geodb"

import (
	"fmt"
	"net/netip"
	"strings"
	"sync/atomic"

	"github.com/oschwald/maxminddb-golang/v2"
)

// Kind is the question a database answers.
type Kind int

const (
	// KindCity answers where: City and Country databases.
	KindCity Kind = iota
	// KindASN answers who routes it: ASN (and ISP) databases.
	KindASN
)

func (k Kind) String() string {
	if k == KindASN {
		return "asn"
	}
	return "city"
}

// accepts reports whether a database_type from the file's metadata carries
// the records kind k decodes. Matching on words rather than an exact list
// admits the regional and DB-IP "compat" variants (e.g. "GeoIP2-City-Europe",
// "DBIP-City-Lite", "DBIP-ASN-Lite (compat=GeoLite2-ASN)"), which share the
// schema. A schema chosen in the configuration admits any City file but an
// ASN one: the operator named the layout, only a plain mix-up is caught.
func (k Kind) accepts(databaseType string, schema Schema, configured bool) bool {
	isASN := strings.Contains(databaseType, "ASN") || strings.Contains(databaseType, "GeoIP2-ISP") ||
		strings.Contains(databaseType, "Precision-ISP")
	if k == KindASN {
		return isASN
	}
	if configured || schema == SchemaIPLocationDB {
		return !isASN
	}
	for _, word := range []string{"City", "Country", "Enterprise", "DBIP-Location"} {
		if strings.Contains(databaseType, word) {
			return true
		}
	}
	return false
}

// Options choose how a database file is opened.
type Options struct {
	Kind Kind
	// Locale picks the language of names (see Locales); "" means English.
	Locale string
	// CacheSize is the number of addresses whose answer is kept; a quarter
	// as many decoded records are kept besides. 0 disables both caches.
	CacheSize int
	// Schema is the record layout of a City database; SchemaAuto reads it
	// from the file's database_type.
	Schema Schema
}

// mmdbProvider answers lookups from one opened (memory-mapped) file.
type mmdbProvider struct {
	path   string
	reader *maxminddb.Reader
	decode func(res maxminddb.Result) (*Record, error)
	// ipv4Only is set for files without an IPv6 tree, which fail rather
	// than miss an IPv6 lookup.
	ipv4Only bool
	// byAddr skips the tree walk for addresses seen before (flows repeat
	// their endpoints); byOffset skips the decode for new addresses of a
	// network already decoded (all of a city's prefixes share one record).
	byAddr   *directCache[netip.Addr]
	byOffset *directCache[uintptr]
	closed   atomic.Bool
}

var _ Provider = (*mmdbProvider)(nil)

// Open maps the database at path. Every error names the file.
func Open(path string, opts Options) (Provider, error) {
	pick, err := newNamePicker(opts.Locale)
	if err != nil {
		return nil, err
	}
	reader, err := maxminddb.Open(path)
	if err != nil {
		return nil, fmt.Errorf("geodb: opening %s database %q: %w", opts.Kind, path, err)
	}
	dbType := reader.Metadata.DatabaseType
	schema := schemaFor(opts.Schema, dbType)
	if !opts.Kind.accepts(dbType, schema, opts.Schema != SchemaAuto) {
		_ = reader.Close()
		return nil, fmt.Errorf("%w: %q is a %q database, %s needs %s", ErrWrongDatabase,
			path, dbType, opts.Kind, wantedTypes(opts.Kind))
	}
	p := &mmdbProvider{
		path: path, reader: reader, ipv4Only: reader.Metadata.IPVersion == 4,
		byAddr: newDirectCache(opts.CacheSize, hashAddr),
		// Many addresses share a record (every network of a city), so
		// fewer records than addresses cover the same traffic.
		byOffset: newDirectCache((opts.CacheSize+3)/4, hashOffset),
	}
	switch {
	case opts.Kind == KindASN:
		p.decode = decodeASN
	case schema == SchemaIPLocationDB:
		p.decode = decodeFlatCity
	default:
		p.decode = func(res maxminddb.Result) (*Record, error) { return decodeCity(res, pick) }
	}
	if err := p.probe(); err != nil {
		_ = reader.Close()
		return nil, err
	}
	return p, nil
}

// probeAddresses are public resolvers present in every full database.
var probeAddresses = []netip.Addr{
	netip.MustParseAddr("1.1.1.1"), netip.MustParseAddr("8.8.8.8"), netip.MustParseAddr("2001:4860:4860::8888"),
}

// probe decodes a few records so that a file whose metadata reads but whose
// tree or data is damaged is rejected when opened (and a reload keeps the
// previous version) rather than failing lookups once in use. A full
// Reader.Verify would be thorough but takes seconds on GeoLite2-City.
func (p *mmdbProvider) probe() error {
	for _, ip := range probeAddresses {
		if ip.Is6() && p.ipv4Only {
			continue
		}
		res := p.reader.Lookup(ip)
		if err := res.Err(); err != nil {
			return fmt.Errorf("geodb: %q looks damaged, looking up %s: %w", p.path, ip, err)
		}
		if !res.Found() {
			continue
		}
		if _, err := p.decode(res); err != nil {
			return fmt.Errorf("geodb: %q looks damaged, decoding the record of %s: %w", p.path, ip, err)
		}
	}
	return nil
}

func wantedTypes(k Kind) string {
	if k == KindASN {
		return "an ASN database (GeoLite2-ASN, DBIP-ASN-Lite)"
	}
	return "a City or Country database (GeoLite2-City, GeoIP2-Country, DBIP-City-Lite, ip-location-db's dbip-city...)"
}

// Lookup must not run concurrently with Close; Source guarantees that.
func (p *mmdbProvider) Lookup(ip netip.Addr) (*Record, bool, error) {
	if p.closed.Load() {
		return nil, false, ErrClosed
	}
	if ip.Is6() && p.ipv4Only {
		// The reader fails such a lookup; for this file it is a miss.
		return nil, true, ErrNotFound
	}
	if rec, ok := p.byAddr.get(ip); ok {
		if rec == nil {
			return nil, true, ErrNotFound
		}
		return rec, true, nil
	}
	res := p.reader.Lookup(ip)
	if err := res.Err(); err != nil {
		return nil, false, fmt.Errorf("geodb: looking up %s in %q: %w", ip, p.path, err)
	}
	if !res.Found() {
		p.byAddr.put(ip, nil)
		return nil, false, ErrNotFound
	}
	offset := res.Offset()
	rec, ok := p.byOffset.get(offset)
	if !ok {
		var err error
		if rec, err = p.decode(res); err != nil {
			return nil, false, fmt.Errorf("geodb: decoding record of %s in %q: %w", ip, p.path, err)
		}
		p.byOffset.put(offset, rec)
	}
	p.byAddr.put(ip, rec)
	return rec, false, nil
}

func (p *mmdbProvider) Close() error {
	if p.closed.Swap(true) {
		return nil
	}
	return p.reader.Close()
}
