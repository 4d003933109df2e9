// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"encoding/binary"
	"slices"
	"strconv"
)

// parseFields reads count field specifiers; IPFIX fields with the enterprise bit carry a PEN
// (RFC 7011 section 3.2). Lengths are checked against body before anything is allocated.
func (c *decodeCall) parseFields(m *message, id uint16, body []byte, count int) ([]fieldSpec, int, error) {
	if c.cfg.MaxFieldsPerTemplate > 0 && count > c.cfg.MaxFieldsPerTemplate {
		return nil, 0, c.drop(newErr(m.version, m.domain, id, ErrLimit, strconv.Itoa(count)+" fields"))
	}
	if count*4 > len(body) {
		return nil, 0, c.drop(newErr(m.version, m.domain, id, ErrTruncated, "template fields past end of set"))
	}
	fields := make([]fieldSpec, count)
	pos := 0
	for i := range fields {
		if pos+4 > len(body) {
			return nil, 0, c.drop(newErr(m.version, m.domain, id, ErrTruncated, "template fields past end of set"))
		}
		f := fieldSpec{ID: binary.BigEndian.Uint16(body[pos:]), Length: binary.BigEndian.Uint16(body[pos+2:])}
		pos += 4
		if m.version == 10 && f.ID&0x8000 != 0 {
			if pos+4 > len(body) {
				return nil, 0, c.drop(newErr(m.version, m.domain, id, ErrTruncated, "enterprise number past end of set"))
			}
			f.ID &= 0x7FFF
			f.PEN = binary.BigEndian.Uint32(body[pos:])
			pos += 4
		}
		// A v9 length of 65535 is left as varLen on purpose: NetFlow v9 has no variable-length
		// fields, but H3C NetStream sends 65535 with the IPFIX meaning (seen in
		// netflow9_test_h3c_netstream_varstring captures).
		fields[i] = f
	}
	return fields, pos, nil
}

// learn stores the template s describes and decodes data that was waiting for it into b.
// Exporters resend their templates every few seconds: an identical one only refreshes the
// known template, so it is compared before it is compiled.
func (c *decodeCall) learn(m *message, s planSpec) error {
	e := m.exp
	old, exists := e.templates[s.id]
	if exists && old.options == s.options && old.scopeCount == s.scopeCount && slices.Equal(old.fields, s.fields) {
		old.learned = m.now
		return nil
	}
	if !exists && c.cfg.MaxTemplatesPerExporter > 0 && len(e.templates) >= c.cfg.MaxTemplatesPerExporter {
		return c.drop(newErr(m.version, m.domain, s.id, ErrLimit, "templates per exporter"))
	}
	s.elements = c.cfg.Elements
	t := compile(s)
	t.learned = m.now
	e.templates[t.id] = t
	c.st.TemplatesChanged = true
	for _, ps := range e.pending.take(t.id) {
		pm := ps.msg
		pm.exp = e
		if err := c.decodeRecords(&pm, t, ps.data); err != nil {
			return err
		}
	}
	return nil
}

// withdraw removes one template, or all (options) templates when id is the set ID 2 or 3
// (RFC 7011 section 8.1).
func (c *decodeCall) withdraw(m *message, id uint16) {
	e := m.exp
	switch id {
	case ipfixTemplateSet, ipfixOptionsSet:
		for tid, t := range e.templates {
			if t.options == (id == ipfixOptionsSet) {
				delete(e.templates, tid)
			}
		}
	default:
		if _, ok := e.templates[id]; !ok {
			return
		}
		delete(e.templates, id)
	}
	c.st.TemplatesChanged = true
}

// dataSet decodes a data set, or buffers it when its template has not arrived yet.
func (c *decodeCall) dataSet(m *message, id uint16, body []byte) error {
	if t := m.exp.templates[id]; t != nil {
		return c.decodeRecords(m, c.current(m.exp, t), body)
	}
	if allZero(body) {
		return nil
	}
	if c.cfg.PendingMaxRecords <= 0 {
		c.st.Dropped[DropNoTemplate]++
		return nil
	}
	ps := pendingSet{id: id, data: append([]byte(nil), body...), msg: *m, at: m.now}
	ps.msg.exp = nil
	c.st.Dropped[DropPendingOverflow] += m.exp.pending.add(&c.cfg, ps)
	return nil
}
