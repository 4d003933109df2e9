// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"encoding/hex"
	"net/netip"

	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-flows/otelcol-flows/internal/ecsstr"
)

// flow is the scratch state of one record while its plan is walked; reused for every record.
type flow struct {
	has                      uint64 // bit per role seen
	num                      [numRoles]uint64
	src, dst, natSrc, natDst netip.Addr
	srcStr, dstStr           string
	natSrcStr, natDstStr     string
	str                      [numStrs]string // by strSlot
	staStr                   string
	sta                      netip.Addr
	section                  []byte // a sampled packet section of the record, valid while it is decoded
	sectionRole              role
	mpls                     mplsStack
	app                      application
}

func (f *flow) reset() { *f = flow{} }

func (f *flow) set(r role, v uint64) {
	f.num[r] = v
	f.has |= 1 << r
}

func (f *flow) is(r role) bool { return f.has&(1<<r) != 0 }

// setAddr keeps the first specified address: templates that carry both families send "::"
// or 0.0.0.0 for the unused one (seen in Procera captures).
func (f *flow) setAddr(r role, a netip.Addr, s string) {
	if f.is(r) && !f.addr(r).IsUnspecified() {
		return
	}
	f.has |= 1 << r
	switch r {
	case rSrcAddr:
		f.src, f.srcStr = a, s
	case rDstAddr:
		f.dst, f.dstStr = a, s
	case rNatSrcAddr:
		f.natSrc, f.natSrcStr = a, s
	case rNatDstAddr:
		f.natDst, f.natDstStr = a, s
	case rStaAddr:
		f.sta, f.staStr = a, s
	}
}

func (f *flow) addr(r role) netip.Addr {
	switch r {
	case rSrcAddr:
		return f.src
	case rDstAddr:
		return f.dst
	case rNatSrcAddr:
		return f.natSrc
	}
	return f.natDst
}

// recordLen walks a template's variable-length fields to find the record's size, or -1 when the
// record does not fit in b (RFC 7011 section 7: 1-byte length, 255 escapes to a 2-byte length).
func recordLen(t *template, b []byte) int {
	if t.fixed {
		if len(b) < t.minLen {
			return -1
		}
		return t.minLen
	}
	pos := 0
	for i := range t.ops {
		n := int(t.ops[i].length)
		if n == varLen {
			var ok bool
			if n, pos, ok = readVarLen(b, pos); !ok {
				return -1
			}
		}
		if pos+n > len(b) {
			return -1
		}
		pos += n
	}
	return pos
}

func readVarLen(b []byte, pos int) (n, next int, ok bool) {
	if pos >= len(b) {
		return 0, pos, false
	}
	n = int(b[pos])
	pos++
	if n == 255 {
		if pos+2 > len(b) {
			return 0, pos, false
		}
		n = int(b[pos])<<8 | int(b[pos+1])
		pos += 2
	}
	return n, pos, true
}

// walk applies every op of t to rec, which recordLen has already bounds-checked.
func (c *decodeCall) walk(t *template, rec []byte, attrs pcommon.Map) {
	pos := 0
	for i := range t.ops {
		op := &t.ops[i]
		n := int(op.length)
		if n == varLen {
			n, pos, _ = readVarLen(rec, pos)
		}
		c.apply(op, rec[pos:pos+n], attrs)
		pos += n
	}
}

// apply converts one field and routes it to its attribute and ECS role.
func (c *decodeCall) apply(op *fieldOp, b []byte, attrs pcommon.Map) {
	f := &c.flow
	if op.hex && op.emit {
		slot(op, attrs).SetStr(hex.EncodeToString(b))
		roleOnly := *op
		roleOnly.emit = false
		op = &roleOnly
	}
	switch op.kind {
	case kUint:
		v := beUint(b)
		if op.emit {
			slot(op, attrs).SetInt(int64(v))
		}
		if op.role != rNone {
			f.set(op.role, v)
		}
	case kIPv4, kIPv6:
		a := addrOf(b)
		s := c.addrs.Str(a)
		if op.emit {
			slot(op, attrs).SetStr(s)
		}
		if op.role != rNone {
			f.setAddr(op.role, a, s)
		}
	case kDateSec, kDateMs, kDateNTP:
		c.applyTime(op, b, attrs)
	default:
		c.applyOther(op, b, attrs)
	}
}

func (c *decodeCall) applyTime(op *fieldOp, b []byte, attrs pcommon.Map) {
	var nanos int64
	switch op.kind {
	case kDateSec:
		nanos = int64(beUint(b)) * 1e9
	case kDateMs:
		nanos = int64(beUint(b)) * 1e6
	default:
		nanos = ntpNanos(b)
	}
	if op.emit {
		slot(op, attrs).SetStr(c.times.str(nanos))
	}
	if op.role != rNone {
		c.flow.set(op.role, uint64(nanos))
	}
}

func (c *decodeCall) applyOther(op *fieldOp, b []byte, attrs pcommon.Map) {
	f := &c.flow
	switch op.kind {
	case kInt:
		if op.emit {
			slot(op, attrs).SetInt(beInt(b))
		}
	case kFloat:
		if op.emit {
			slot(op, attrs).SetDouble(beFloat(b))
		}
	case kBool:
		if op.emit {
			slot(op, attrs).SetBool(b[0] == 1)
		}
	case kMAC:
		c.applyStr(op, ecsstr.MAC(b), attrs)
	case kString:
		c.applyStr(op, textString(b), attrs)
	case kBytes:
		if op.emit {
			slot(op, attrs).SetStr(hex.EncodeToString(b))
		}
		if isSection(op.role) {
			f.section, f.sectionRole = b, op.role
		}
	case kJuniperCPID:
		slot(op, attrs).SetStr(hex.EncodeToString(b))
		putJuniperCPID(b, attrs)
	default:
		switch {
		case op.kind >= kAppID:
			c.applyApplication(op, b, attrs)
		case op.kind >= kMPLS0:
			c.applyMPLS(op, b, attrs)
		}
	}
}

// applyStr emits s and keeps it on the flow when its role is one the
// record's derived fields need.
func (c *decodeCall) applyStr(op *fieldOp, s string, attrs pcommon.Map) {
	if op.emit {
		slot(op, attrs).SetStr(s)
	}
	if i := strSlot[op.role]; i != sNone {
		c.flow.str[i] = s
	}
}

// The flow's string fields that derived fields read (MAC addresses, the
// interface's name), indexed by strSlot of the role whose element fills them.
const (
	sNone = iota
	sSrcMAC
	sDstMAC
	sStaMAC
	sWtpMAC
	sIfName
	sIfDesc
	numStrs
)

var strSlot = [numRoles]uint8{
	rSrcMAC: sSrcMAC, rDstMAC: sDstMAC, rStaMAC: sStaMAC, rWtpMAC: sWtpMAC,
	rIfName: sIfName, rIfDescription: sIfDesc,
}

// slot is where an op's value goes: its attribute, or the next element of the array a
// repeated element fills (the first occurrence in the template starts it).
func slot(op *fieldOp, attrs pcommon.Map) pcommon.Value {
	if !op.repeat {
		return attrs.PutEmpty(op.key)
	}
	if !op.first {
		if v, ok := attrs.Get(op.key); ok && v.Type() == pcommon.ValueTypeSlice {
			return v.Slice().AppendEmpty()
		}
	}
	return attrs.PutEmptySlice(op.key).AppendEmpty()
}
