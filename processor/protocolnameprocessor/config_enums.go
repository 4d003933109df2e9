// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package protocolnameprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/protocolnameprocessor"

import (
	"errors"
	"fmt"

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

// UnmarshalText accepts lower, upper or iana.
func (c *KeywordCase) UnmarshalText(text []byte) error {
	v := KeywordCase(text)
	if err := v.validate("case"); err != nil {
		return err
	}
	*c = v
	return nil
}

func (c KeywordCase) validate(key string) error {
	switch c {
	case CaseLower, CaseUpper, CaseIANA:
		return nil
	}
	return fmt.Errorf("'%s' %q %w lower, upper, iana", key, string(c), errBadEnum)
}

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

// UnmarshalText accepts list or string.
func (f *FlagFormat) UnmarshalText(text []byte) error {
	v := FlagFormat(text)
	if err := v.validate("format"); err != nil {
		return err
	}
	*f = v
	return nil
}

func (f FlagFormat) validate(key string) error {
	switch f {
	case FormatList, FormatString:
		return nil
	}
	return fmt.Errorf("'%s' %q %w list, string", key, string(f), errBadEnum)
}
