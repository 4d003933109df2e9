// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package protocolnameprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/protocolnameprocessor"

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/otelcol-flows/otelcol-flows/processor/protocolnameprocessor/internal/names"
)

var errBadEnum = errors.New("is not one of")

// KeywordCase is how protocol keywords are spelled.
type KeywordCase string

const (
	CaseLower KeywordCase = "lower"
	CaseUpper KeywordCase = "upper"
	CaseIANA  KeywordCase = "iana"
)

var keywordCases = []KeywordCase{CaseLower, CaseUpper, CaseIANA}

// UnmarshalText accepts lower, upper or iana.
func (c *KeywordCase) UnmarshalText(text []byte) error {
	return unmarshalOneOf(c, text, "case", keywordCases)
}

func (c KeywordCase) validate(key string) error { return oneOf(key, c, keywordCases) }

func (c KeywordCase) names() names.Case {
	switch c {
	case CaseUpper:
		return names.Upper
	case CaseIANA:
		return names.IANA
	default:
		return names.Lower
	}
}

// FlagFormat is how TCP flag names are written.
type FlagFormat string

const (
	FormatList   FlagFormat = "list"
	FormatString FlagFormat = "string"
)

var flagFormats = []FlagFormat{FormatList, FormatString}

// UnmarshalText accepts list or string.
func (f *FlagFormat) UnmarshalText(text []byte) error {
	return unmarshalOneOf(f, text, "format", flagFormats)
}

func (f FlagFormat) validate(key string) error { return oneOf(key, f, flagFormats) }

// unmarshalOneOf sets *dst to text when it is one of allowed.
func unmarshalOneOf[T ~string](dst *T, text []byte, key string, allowed []T) error {
	v := T(text)
	if err := oneOf(key, v, allowed); err != nil {
		return err
	}
	*dst = v
	return nil
}

// oneOf is nil when v is one of allowed, else an errBadEnum naming key and
// the allowed values.
func oneOf[T ~string](key string, v T, allowed []T) error {
	if slices.Contains(allowed, v) {
		return nil
	}
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	return fmt.Errorf("'%s' %q %w %s", key, string(v), errBadEnum, strings.Join(names, ", "))
}
