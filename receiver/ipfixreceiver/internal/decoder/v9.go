// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"encoding/binary"
	"time"
)

// NetFlow v9 (RFC 3954).
const (
	v9HeaderLen     = 20
	v9OptionsHdrLen = 6
)

// decodeV9 decodes a v9 datagram; v9 has no message length, so it consumes all of data.
func (c *decodeCall) decodeV9(pkt Packet, data []byte) (int, error) {
	if len(data) < v9HeaderLen {
		return 0, c.drop(newErr(9, 0, 0, ErrTruncated, "v9 header"))
	}
	domain := binary.BigEndian.Uint32(data[16:])
	m := message{
		version: 9, domain: domain, now: pkt.Received, exporterAddr: pkt.Exporter,
		uptimeMs: binary.BigEndian.Uint32(data[4:]), hasUptime: true,
		exportNs: int64(binary.BigEndian.Uint32(data[8:])) * int64(time.Second),
	}
	e := c.exporterFor(c.keyOf(pkt.Exporter, 9, domain), pkt.Received)
	if e == nil {
		c.st.Dropped[DropLimit]++
		return len(data), nil
	}
	m.exp = e
	c.newMessage(pkt, &m)
	seq := binary.BigEndian.Uint32(data[12:])
	c.checkRestart(&m, seq)
	c.trackSequence(&m, seq, 1)
	err := c.sets(&m, data[v9HeaderLen:])
	return len(data), err
}

// v9OptionsSet learns v9 options templates: scope and option lengths are in bytes (RFC 3954
// section 6.1); records are padded to 4 bytes.
func (c *decodeCall) v9OptionsSet(m *message, body []byte) error {
	for len(body) >= v9OptionsHdrLen {
		id := binary.BigEndian.Uint16(body)
		scopeLen := int(binary.BigEndian.Uint16(body[2:]))
		optLen := int(binary.BigEndian.Uint16(body[4:]))
		if id < minDataSetID || scopeLen%4 != 0 || optLen%4 != 0 || scopeLen+optLen == 0 {
			if allZero(body) {
				return nil
			}
			return c.drop(newErr(9, m.domain, id, ErrBadTemplate, "options template ID or lengths"))
		}
		if v9OptionsHdrLen+scopeLen+optLen > len(body) {
			return c.drop(newErr(9, m.domain, id, ErrTruncated, "options template past end of set"))
		}
		fields, _, err := c.parseFields(m, id, body[v9OptionsHdrLen:], (scopeLen+optLen)/4)
		if err != nil {
			return err
		}
		s := planSpec{id: id, fields: fields, scopeCount: scopeLen / 4, options: true, v9Scope: true, copies: true}
		if err := c.learn(m, s); err != nil {
			return err
		}
		body = body[v9OptionsHdrLen+scopeLen+optLen:]
	}
	return nil
}
