// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"strconv"
	"time"

	"github.com/otelcol-flows/otelcol-flows/internal/iana"
)

// varLen is the field length that announces a variable-length field (RFC 7011 section 7).
const varLen = 0xFFFF

// fieldSpec is one template field as sent by the exporter.
type fieldSpec struct {
	PEN    uint32 `json:"p,omitempty"`
	ID     uint16 `json:"i"`
	Length uint16 `json:"l"`
}

// fieldOp is one compiled step of a decoding plan.
type fieldOp struct {
	length uint16
	kind   kind
	role   role
	emit   bool // write the netflow.* attribute
	// repeat: the template lists this key more than once (RFC 7011 section 3.4.2.2 allows it);
	// every occurrence is appended, in order, to an array attribute, which first starts.
	repeat, first bool
	// hex: the array is written as hex strings because its occurrences convert differently;
	// the op's own kind still feeds its role.
	hex bool
	key string // "netflow.<snake_case name>", built when the template is learned
}

// template is a compiled template: the plan walked for every data record.
type template struct {
	id         uint16
	scopeCount int  // scope fields of an options template
	options    bool // records are options records
	fields     []fieldSpec
	ops        []fieldOp
	minLen     int  // smallest record (variable-length fields count 1 byte)
	fixed      bool // no variable-length fields: every record is minLen bytes
	sized      bool // attrs holds an observed count
	attrs      int  // attributes the plan writes; after the first record, the most any record had
	learned    time.Time
	// What it was compiled from besides the fields, to compile it again with another
	// element table (Decoder.current).
	v9Scope, copies bool
	elements        *Elements
}

// v9ScopeKeys names NetFlow v9 options scope field types (RFC 3954 section 6.1).
var v9ScopeKeys = [...]string{1: "netflow.scope_system", 2: "netflow.scope_interface",
	3: "netflow.scope_line_card", 4: "netflow.scope_cache", 5: "netflow.scope_template"}

// planSpec is what a template is compiled from.
type planSpec struct {
	id         uint16
	fields     []fieldSpec
	scopeCount int
	// options: from an options template set, even with no scope field (Juniper SRX sends v9
	// options templates with a zero-length scope).
	options bool
	v9Scope bool // the first scopeCount fields are NetFlow v9 scope types (their own number space)
	copies  bool // emit netflow.* copies of ECS-mapped elements
	// elements names and types the fields; nil is the compiled table (Decoder.current
	// compiles again a template whose table is not the decoder's).
	elements *Elements
}

// compile turns a template into a plan.
func compile(s planSpec) *template {
	t := &template{id: s.id, scopeCount: s.scopeCount, options: s.options, fields: s.fields,
		ops: make([]fieldOp, len(s.fields)), fixed: true, v9Scope: s.v9Scope, copies: s.copies, elements: s.elements}
	for i, f := range s.fields {
		op := &t.ops[i]
		op.length = f.Length
		if f.Length == varLen {
			t.fixed = false
			t.minLen++
		} else {
			t.minLen += int(f.Length)
		}
		if s.v9Scope && i < s.scopeCount {
			if f.Length == 0 { // a zero-length scope carries no value (Juniper SRX)
				continue
			}
			op.kind, op.emit = kUint, true
			if int(f.ID) < len(v9ScopeKeys) && v9ScopeKeys[f.ID] != "" {
				op.key = v9ScopeKeys[f.ID]
			} else {
				op.key = "netflow.scope_" + strconv.Itoa(int(f.ID))
			}
			if f.Length > 8 {
				op.kind = kBytes
			}
			if f.ID == 2 {
				op.role = rInIf // scope "interface": the ifIndex an options record describes
			}
			t.attrs++
			continue
		}
		compileField(op, f, s.elements, s.copies)
		if op.emit {
			t.attrs++
		}
	}
	markRepeats(t.ops)
	return t
}

// markRepeats flags the ops whose key occurs more than once. Occurrences whose converters
// differ (an element sent with a regular and an irregular length) are all written as hex, so
// the array holds one type.
func markRepeats(ops []fieldOp) {
	seen := make(map[string]int, len(ops))
	for i := range ops {
		if !ops[i].emit {
			continue
		}
		j, dup := seen[ops[i].key]
		if !dup {
			seen[ops[i].key] = i
			continue
		}
		ops[j].repeat, ops[j].first, ops[i].repeat = true, true, true
		if ops[i].kind != ops[j].kind {
			for k := range ops {
				if ops[k].emit && ops[k].key == ops[i].key {
					ops[k].hex = true
				}
			}
		}
	}
}

// compileField resolves the element's name, converter and ECS role.
func compileField(op *fieldOp, f fieldSpec, elements *Elements, copies bool) {
	if f.Length == 0 {
		// A zero-length field carries no value (seen in netflow9_test_0length_fields captures).
		return
	}
	el, known := elements.Lookup(f.PEN, f.ID)
	if f.PEN == juniperPEN && f.ID == juniperCommonProperties && f.Length <= 8 {
		op.kind, op.emit = kJuniperCPID, true
		op.key = "netflow.enterprise.2636.137"
		return
	}
	if !known {
		op.kind, op.emit = kBytes, true
		op.key = "netflow.enterprise." + strconv.FormatUint(uint64(f.PEN), 10) + "." + strconv.Itoa(int(f.ID))
		if f.PEN == 0 {
			op.key = "netflow.unknown." + strconv.Itoa(int(f.ID))
		}
		return
	}
	op.key = "netflow." + el.Key
	op.kind = kindFor(el.Type, f.Length)
	if sec := mplsSection(f.PEN, f.ID); sec >= 0 && f.Length == 3 {
		op.kind = kMPLS0 + kind(sec)
	}
	if k, ok := applicationKind(f.PEN, f.ID); ok {
		op.kind = k
	}
	op.role = roleFor(f.PEN, f.ID)
	// Padding (RFC 7011 paddingOctets) carries nothing.
	if f.PEN == 0 && f.ID == 210 {
		op.kind, op.role = kSkip, rNone
		return
	}
	op.emit = copies || !ecsMapped(op.role)
	if isSection(op.role) {
		op.kind = kBytes // the raw packet bytes, whatever type the table gives (104 says string)
	}
}

// kindFor chooses the converter; reduced-size encoding (RFC 7011 section 6.2) keeps integer
// types, anything else with an unexpected length is kept raw.
func kindFor(t iana.Type, length uint16) kind {
	switch t {
	case iana.Unsigned8, iana.Unsigned16, iana.Unsigned32, iana.Unsigned64:
		return lenOK(kUint, length <= 8)
	case iana.Signed8, iana.Signed16, iana.Signed32, iana.Signed64:
		return lenOK(kInt, length <= 8)
	case iana.Float32, iana.Float64:
		return lenOK(kFloat, length == 4 || length == 8)
	case iana.Boolean:
		return lenOK(kBool, length == 1)
	case iana.MACAddress:
		return lenOK(kMAC, length == 6)
	case iana.IPv4Address:
		return lenOK(kIPv4, length == 4)
	case iana.IPv6Address:
		return lenOK(kIPv6, length == 16)
	case iana.String:
		return kString
	case iana.DateTimeSeconds:
		return lenOK(kDateSec, length <= 8)
	case iana.DateTimeMilliseconds:
		return lenOK(kDateMs, length <= 8)
	case iana.DateTimeMicroseconds:
		return lenOK(kDateNTP, length == 8)
	case iana.DateTimeNanoseconds:
		return lenOK(kDateNTP, length == 8)
	}
	return kBytes
}

func lenOK(k kind, ok bool) kind {
	if ok {
		return k
	}
	return kBytes
}
