// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package protocolnameprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/protocolnameprocessor"

import (
	"math"
	"strconv"
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// numberState tells a missing attribute (nothing to do) from one that is
// present but unusable (counted as unknown).
type numberState uint8

const (
	numberAbsent numberState = iota
	numberOK
	numberInvalid
)

// number is an attribute read as an unsigned integer.
type number struct {
	value uint64
	state numberState
}

func (n number) is(v uint64) bool { return n.state == numberOK && n.value == v }

// readNumber reads key as an integer in [0, limit]. Receivers write ints, but
// JSON or Logstash-era pipelines deliver decimal strings or integral doubles,
// so those are accepted too; anything else is invalid.
func readNumber(attrs pcommon.Map, key string, limit uint64) number {
	if key == "" {
		return number{}
	}
	v, ok := attrs.Get(key)
	if !ok {
		return number{}
	}
	var n uint64
	switch v.Type() {
	case pcommon.ValueTypeInt:
		i := v.Int()
		if i < 0 {
			return number{state: numberInvalid}
		}
		n = uint64(i)
	case pcommon.ValueTypeStr:
		s := strings.TrimSpace(v.Str())
		// Atoi-style parsing of a valid string does not allocate; only the
		// error path does, and that is already the rare, counted case.
		u, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return number{state: numberInvalid}
		}
		n = u
	case pcommon.ValueTypeDouble:
		d := v.Double()
		if d < 0 || d != math.Trunc(d) || d > float64(limit) {
			return number{state: numberInvalid}
		}
		n = uint64(d)
	default:
		return number{state: numberInvalid}
	}
	if n > limit {
		return number{state: numberInvalid}
	}
	return number{value: n, state: numberOK}
}

// targetFree reports whether a name may be written to key: always with
// override, otherwise only if the record does not carry key yet.
func targetFree(attrs pcommon.Map, key string, override bool) bool {
	if key == "" {
		return false
	}
	if override {
		return true
	}
	_, exists := attrs.Get(key)
	return !exists
}

// putStr writes value to key under the override rule and reports whether it did.
func putStr(attrs pcommon.Map, key, value string, override bool) bool {
	if !targetFree(attrs, key, override) {
		return false
	}
	attrs.PutStr(key, value)
	return true
}

// nameTarget is where one mapping writes its name.
type nameTarget struct {
	key      string
	override bool
	mapping  mapping
}

// put writes name and counts the outcome: an empty name is an unknown
// number, a name kept out by an existing target is neither.
func (t nameTarget) put(attrs pcommon.Map, name string, c *batchCounts) {
	if t.key == "" {
		return
	}
	if name == "" {
		c.unknown[t.mapping]++
		return
	}
	if putStr(attrs, t.key, name, t.override) {
		c.set[t.mapping]++
	}
}
