// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ecsdocumentprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/ecsdocumentprocessor"

import (
	"errors"
	"fmt"
	"strings"

	"go.opentelemetry.io/collector/confmap/xconfmap"
)

var _ xconfmap.Validator = (*Config)(nil)

// Config of the ecsdocument processor.
type Config struct {
	// IndexPrefix names the daily indices: documents go to
	// <index_prefix>-YYYY.MM.DD, the UTC day of the flow's timestamp (its end).
	IndexPrefix string `mapstructure:"index_prefix"`
	// DocumentID sets elasticsearch.document_id to a 128-bit hash of the
	// document, so that a batch delivered twice (a retry after a lost
	// response, a persistent queue replayed after a crash) is rejected by
	// Elasticsearch as a conflict instead of being indexed twice. It costs
	// Elasticsearch an id lookup per document; turn it off to trade
	// duplicates for indexing speed.
	DocumentID bool `mapstructure:"document_id"`
	// DocumentIDExclude lists fields the document id does not hash, as
	// exact keys or '*' prefixes: the fields an enrichment may fill
	// differently when the same flow is processed again (a PTR name that
	// missed the DNS budget), so that the replay keeps the first one's id.
	DocumentIDExclude []string `mapstructure:"document_id_exclude"`
	// ResourceAttributes copies the resource attributes (the exporter's
	// identity: observer.ip, netflow.exporter.*) into every document.
	ResourceAttributes bool `mapstructure:"resource_attributes"`
	// Exclude lists attributes left out of the documents: exact keys, or
	// prefixes ending in '*' ("netflow.*"). Fewer fields index faster.
	Exclude []string `mapstructure:"exclude"`
	// prevent unkeyed literal initialization
	_ struct{}
}

var (
	errIndexPrefix = errors.New("'index_prefix' must be a lowercase Elasticsearch index name prefix")
	errExclude     = errors.New("'exclude' and 'document_id_exclude' entries must not be empty or '*'")
)

// Validate checks the configuration without changing it.
func (cfg *Config) Validate() error {
	var errs []error
	if err := validPrefix(cfg.IndexPrefix); err != nil {
		errs = append(errs, fmt.Errorf("%w: %s", errIndexPrefix, err))
	}
	for i, e := range cfg.Exclude {
		if e == "" || e == "*" {
			errs = append(errs, fmt.Errorf("%w ('exclude[%d]' is %q)", errExclude, i, e))
		}
	}
	for i, e := range cfg.DocumentIDExclude {
		if e == "" || e == "*" {
			errs = append(errs, fmt.Errorf("%w ('document_id_exclude[%d]' is %q)", errExclude, i, e))
		}
	}
	return errors.Join(errs...)
}

// validPrefix applies Elasticsearch's index name rules to the prefix.
func validPrefix(p string) error {
	switch {
	case p == "":
		return errors.New("empty")
	case strings.ToLower(p) != p:
		return errors.New("has upper case letters")
	case strings.ContainsAny(p[:1], "_-+."):
		return errors.New("starts with '_', '-', '+' or '.'")
	case strings.ContainsAny(p, `\/*?"<>| ,#:`):
		return errors.New(`contains one of \ / * ? " < > | space , # :`)
	case len(p) > 200:
		return errors.New("longer than 200 bytes")
	}
	return nil
}
