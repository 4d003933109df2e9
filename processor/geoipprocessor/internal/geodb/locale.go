// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geodb // import "github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor/internal/geodb"

import (
	"fmt"

	geoip2 "github.com/oschwald/geoip2-golang/v2"
)

// Locales are the languages MaxMind (and DB-IP) publish names in; geoip2
// decodes exactly these.
var Locales = []string{"de", "en", "es", "fr", "ja", "pt-BR", "ru", "zh-CN"}

// namePicker returns the name in one locale, falling back to English: the
// free databases translate countries everywhere but many cities only in
// English, and an English name beats a missing one on a map.
type namePicker func(n *geoip2.Names) string

func newNamePicker(locale string) (namePicker, error) {
	var pick func(n *geoip2.Names) string
	switch locale {
	case "de":
		pick = func(n *geoip2.Names) string { return n.German }
	case "en", "":
		return func(n *geoip2.Names) string { return n.English }, nil
	case "es":
		pick = func(n *geoip2.Names) string { return n.Spanish }
	case "fr":
		pick = func(n *geoip2.Names) string { return n.French }
	case "ja":
		pick = func(n *geoip2.Names) string { return n.Japanese }
	case "pt-BR":
		pick = func(n *geoip2.Names) string { return n.BrazilianPortuguese }
	case "ru":
		pick = func(n *geoip2.Names) string { return n.Russian }
	case "zh-CN":
		pick = func(n *geoip2.Names) string { return n.SimplifiedChinese }
	default:
		return nil, fmt.Errorf("geodb: unsupported locale %q (supported: %v)", locale, Locales)
	}
	return func(n *geoip2.Names) string {
		if s := pick(n); s != "" {
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
