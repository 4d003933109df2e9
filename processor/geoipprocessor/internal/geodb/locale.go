// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geodb // import "github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor/internal/geodb"

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	geoip2 "github.com/oschwald/geoip2-golang/v2"
)

// localeFields maps each language geoip2 decodes names in to its field of
// geoip2.Names, read from the fields' tags ("de,omitzero"), so the list
// follows the library rather than a copy of it.
var localeFields = namesFields()

// Locales are the languages MaxMind (and DB-IP) publish names in, sorted;
// geoip2 decodes exactly these.
var Locales = slices.Sorted(maps.Keys(localeFields))

func namesFields() map[string]int {
	t := reflect.TypeFor[geoip2.Names]()
	m := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		locale, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if locale != "" && f.Type.Kind() == reflect.String {
			m[locale] = i
		}
	}
	return m
}

// namePicker returns the name in one locale, falling back to English: the
// free databases translate countries everywhere but many cities only in
// English, and an English name beats a missing one on a map.
type namePicker func(n *geoip2.Names) string

func english(n *geoip2.Names) string { return n.English }

func newNamePicker(locale string) (namePicker, error) {
	if locale == "" || locale == "en" {
		return english, nil
	}
	field, ok := localeFields[locale]
	if !ok {
		return nil, fmt.Errorf("geodb: unsupported locale %q (supported: %v)", locale, Locales)
	}
	// Names are decoded once per database record, not per flow, so a
	// reflected field read costs nothing that shows.
	return func(n *geoip2.Names) string {
		if s := reflect.ValueOf(n).Elem().Field(field).String(); s != "" {
			return s
		}
		return n.English
	}, nil
}

// ValidLocale reports whether names can be picked in locale.
func ValidLocale(locale string) bool {
	_, err := newNamePicker(locale)
	return err == nil
}
