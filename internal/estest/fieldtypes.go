// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package estest

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// leafTypes are the field types the server understands; each checks a value
// the way Elasticsearch's field mapper parses it. applyDefinition rejects
// any other type, so a mapped leaf always has a checker here.
var leafTypes = map[string]func(f *field, v any) error{
	"keyword":          checkKeyword,
	"constant_keyword": checkKeyword,
	"wildcard":         checkKeyword,
	"text":             checkKeyword,
	"match_only_text":  checkKeyword,
	"ip":               checkIP,
	"long":             integerChecker(math.MinInt64, math.MaxInt64),
	"integer":          integerChecker(math.MinInt32, math.MaxInt32),
	"short":            integerChecker(math.MinInt16, math.MaxInt16),
	"byte":             integerChecker(math.MinInt8, math.MaxInt8),
	"unsigned_long":    checkUnsignedLong,
	"double":           checkFloat,
	"float":            checkFloat,
	"half_float":       checkFloat,
	"scaled_float":     checkFloat,
	"boolean":          checkBoolean,
	"date":             checkDate,
	"date_nanos":       checkDate,
	"geo_point":        checkGeoPoint,
	"flattened":        func(*field, any) error { return nil },
}

// errIllegal is the caused_by of a rejected value.
type errIllegal struct{ typ, reason string }

func (e *errIllegal) Error() string { return e.reason }

func illegal(format string, args ...any) error {
	return &errIllegal{typ: "illegal_argument_exception", reason: fmt.Sprintf(format, args...)}
}

func checkKeyword(_ *field, v any) error {
	if _, ok := v.(map[string]any); ok {
		return illegal("Can't get text on a START_OBJECT")
	}
	return nil
}

func checkIP(_ *field, v any) error {
	s, ok := v.(string)
	if !ok {
		// Elasticsearch reads the token as text: numbers become their string form.
		s = fmt.Sprint(v)
	}
	if _, err := netip.ParseAddr(s); err != nil {
		return illegal("'%s' is not an IP string literal.", s)
	}
	return nil
}

func coerces(f *field) bool { return f.Coerce == nil || *f.Coerce }

func integerChecker(lo, hi int64) func(*field, any) error {
	return func(f *field, v any) error {
		n, err := numberOf(f, v)
		if err != nil {
			return err
		}
		r, ok := new(big.Float).SetPrec(200).SetString(n.String())
		if !ok {
			return illegal("For input string: \"%s\"", n)
		}
		if r.IsInt() || coerces(f) {
			i, _ := r.Int(nil)
			if i.IsInt64() && i.Int64() >= lo && i.Int64() <= hi {
				return nil
			}
			return illegal("Value [%s] is out of range", n)
		}
		return illegal("Value [%s] has a decimal part", n)
	}
}

func checkUnsignedLong(f *field, v any) error {
	n, err := numberOf(f, v)
	if err != nil {
		return err
	}
	if _, err := strconv.ParseUint(n.String(), 10, 64); err != nil {
		return illegal("Value \"%s\" is out of range for unsigned_long", n)
	}
	return nil
}

func checkFloat(f *field, v any) error {
	n, err := numberOf(f, v)
	if err != nil {
		return err
	}
	if x, err := n.Float64(); err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
		return illegal("[%s] is not a valid number", n)
	}
	return nil
}

// numberOf accepts a JSON number, or a numeric string when coerce is on
// (the Elasticsearch default).
func numberOf(f *field, v any) (json.Number, error) {
	switch t := v.(type) {
	case json.Number:
		return t, nil
	case string:
		if !coerces(f) {
			return "", illegal("Current token (VALUE_STRING) not numeric, can not use numeric value accessors")
		}
		if _, err := strconv.ParseFloat(strings.TrimSpace(t), 64); err != nil {
			return "", illegal("For input string: \"%s\"", t)
		}
		return json.Number(strings.TrimSpace(t)), nil
	case bool:
		return "", illegal("Current token (VALUE_%s) not numeric, can not use numeric value accessors", strings.ToUpper(strconv.FormatBool(t)))
	}
	return "", illegal("Current token not numeric")
}

func checkBoolean(_ *field, v any) error {
	switch t := v.(type) {
	case bool:
		return nil
	case string:
		if t == "true" || t == "false" || t == "" {
			return nil
		}
		return illegal("Failed to parse value [%s] as only [true] or [false] are allowed.", t)
	}
	return illegal("Failed to parse value [%v] as only [true] or [false] are allowed.", v)
}

// checkDate supports the formats templates use: the default
// strict_date_optional_time||epoch_millis, and epoch_second.
func checkDate(f *field, v any) error {
	format := f.Format
	if format == "" {
		format = "strict_date_optional_time||epoch_millis"
	}
	s := fmt.Sprint(v)
	for _, fm := range strings.Split(format, "||") {
		if parsesAs(fm, s) {
			return nil
		}
	}
	return illegal("failed to parse date field [%s] with format [%s]", s, format)
}

func parsesAs(format, s string) bool {
	switch format {
	case "epoch_millis", "epoch_second":
		_, err := strconv.ParseFloat(s, 64)
		return err == nil
	case "strict_date_optional_time", "date_optional_time", "strict_date_optional_time_nanos":
		return isISODate(s)
	}
	return false
}

var isoLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02", "2006-01", "2006"}

func isISODate(s string) bool {
	for _, l := range isoLayouts {
		if _, err := time.Parse(l, s); err == nil {
			return true
		}
	}
	return false
}

// checkGeoPoint accepts the forms Elasticsearch documents: an object with
// lat and lon, "lat,lon", [lon, lat] and WKT POINT (lon lat).
func checkGeoPoint(_ *field, v any) error {
	var lat, lon float64
	var err error
	switch t := v.(type) {
	case map[string]any:
		lat, lon, err = latLonObject(t)
	case []any:
		if len(t) < 2 {
			return illegal("geo_point expected [lon, lat]")
		}
		lon, err = floatOf(t[0])
		if err == nil {
			lat, err = floatOf(t[1])
		}
	case string:
		lat, lon, err = latLonString(t)
	default:
		return illegal("geo_point expected")
	}
	if err != nil {
		return err
	}
	if lat < -90 || lat > 90 {
		return illegal("illegal latitude value [%v]", lat)
	}
	if lon < -180 || lon > 180 {
		return illegal("illegal longitude value [%v]", lon)
	}
	return nil
}

func latLonObject(m map[string]any) (lat, lon float64, err error) {
	la, okLat := m["lat"]
	lo, okLon := m["lon"]
	if !okLat || !okLon {
		return 0, 0, illegal("field [lat] and [lon] must be present")
	}
	if lat, err = floatOf(la); err != nil {
		return 0, 0, err
	}
	lon, err = floatOf(lo)
	return lat, lon, err
}

func latLonString(s string) (lat, lon float64, err error) {
	if rest, ok := strings.CutPrefix(strings.ToUpper(s), "POINT"); ok {
		f := strings.Fields(strings.Trim(strings.TrimSpace(rest), "()"))
		if len(f) != 2 {
			return 0, 0, illegal("invalid WKT point [%s]", s)
		}
		lon, err = strconv.ParseFloat(f[0], 64)
		if err == nil {
			lat, err = strconv.ParseFloat(f[1], 64)
		}
		if err != nil {
			return 0, 0, illegal("invalid WKT point [%s]", s)
		}
		return lat, lon, nil
	}
	a, b, ok := strings.Cut(s, ",")
	if !ok {
		return 0, 0, illegal("unsupported symbol in geohash [%s]", s)
	}
	lat, err = strconv.ParseFloat(strings.TrimSpace(a), 64)
	if err == nil {
		lon, err = strconv.ParseFloat(strings.TrimSpace(b), 64)
	}
	if err != nil {
		return 0, 0, illegal("latitude must be a number [%s]", s)
	}
	return lat, lon, nil
}

func floatOf(v any) (float64, error) {
	switch t := v.(type) {
	case json.Number:
		return t.Float64()
	case string:
		f, err := strconv.ParseFloat(t, 64)
		if err != nil {
			return 0, illegal("[%s] is not a number", t)
		}
		return f, nil
	}
	return 0, illegal("[%v] is not a number", v)
}

// detectType is the dynamic mapping's view of a new value: the
// match_mapping_type names Elasticsearch uses.
func detectType(m *mapping, v any) string {
	switch t := v.(type) {
	case map[string]any:
		return "object"
	case bool:
		return "boolean"
	case json.Number:
		if _, err := t.Int64(); err == nil {
			return "long"
		}
		return "double"
	case string:
		if m.dateDetection && isISODate(t) && strings.Contains(t, "-") {
			return "date"
		}
		if m.numericDetection {
			if _, err := strconv.ParseInt(t, 10, 64); err == nil {
				return "long"
			}
			if _, err := strconv.ParseFloat(t, 64); err == nil {
				return "double"
			}
		}
		return "string"
	}
	return "string"
}

// defaultDynamicType is what Elasticsearch maps a new field to without a
// dynamic template: strings become text (with a keyword sub-field, not modelled).
func defaultDynamicType(detected string) string {
	switch detected {
	case "string":
		return "text"
	case "double":
		return "float"
	}
	return detected
}
