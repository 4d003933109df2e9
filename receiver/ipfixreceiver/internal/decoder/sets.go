// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"encoding/binary"
	"errors"
)

// Set IDs of NetFlow v9 (RFC 3954) and IPFIX (RFC 7011).
const (
	v9TemplateSet    = 0
	v9OptionsSet     = 1
	ipfixTemplateSet = 2
	ipfixOptionsSet  = 3
	minDataSetID     = 256
	setHeader        = 4 // set ID and length, the same in v9 flowsets and IPFIX sets
)

// sets walks the flowsets / sets of one message body. A set header with a length below 4 or
// past the end stops the walk (nothing after it can be located), unless the rest is zero
// padding, which Cisco ACI and PAN-OS exporters append.
func (c *decodeCall) sets(m *message, body []byte) error {
	var first error
	for len(body) >= setHeader {
		id := binary.BigEndian.Uint16(body)
		n := int(binary.BigEndian.Uint16(body[2:]))
		if n < setHeader || n > len(body) {
			if allZero(body) {
				return first
			}
			return firstErr(first, c.drop(newErr(m.version, m.domain, id, ErrBadSet, "set length out of range")))
		}
		if err := c.set(m, id, body[setHeader:n]); err != nil && first == nil {
			first = err
		}
		body = body[n:]
	}
	if m.optionsChanged {
		c.st.TemplatesChanged = true
	}
	return first
}

func firstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// set dispatches one set by its ID.
func (c *decodeCall) set(m *message, id uint16, body []byte) error {
	switch {
	case id >= minDataSetID:
		return c.dataSet(m, id, body)
	case m.version == 9 && id == v9TemplateSet, m.version == 10 && id == ipfixTemplateSet:
		return c.templateSet(m, body)
	case m.version == 9 && id == v9OptionsSet:
		return c.v9OptionsSet(m, body)
	case m.version == 10 && id == ipfixOptionsSet:
		return c.ipfixOptionsSet(m, body)
	}
	// Reserved set IDs (RFC 7011 section 3.3.2) are skipped.
	return nil
}

// templateSet learns every template record of a (v9 or IPFIX) template set. A template over
// the per-exporter limit is counted and skipped; the rest of the set is still read.
func (c *decodeCall) templateSet(m *message, body []byte) error {
	var limitErr error
	for len(body) >= 4 {
		id := binary.BigEndian.Uint16(body)
		count := int(binary.BigEndian.Uint16(body[2:]))
		if count == 0 && m.version == 10 {
			c.withdraw(m, id) // RFC 7011 section 8.1: template withdrawal
			body = body[4:]
			continue
		}
		if id < minDataSetID || count == 0 {
			if allZero(body) {
				return nil
			}
			return c.drop(newErr(m.version, m.domain, id, ErrBadTemplate, "template ID below 256 or no fields"))
		}
		fields, n, err := c.parseFields(m, id, body[4:], count)
		if err != nil {
			return err
		}
		if err := c.learn(m, planSpec{id: id, fields: fields, copies: c.cfg.NetflowCopies}); err != nil {
			if !errors.Is(err, ErrLimit) {
				return err
			}
			limitErr = firstErr(limitErr, err)
		}
		body = body[4+n:]
	}
	return limitErr
}
