// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"encoding/binary"
	"time"
)

const ipfixHeaderLen = 16

// decodeIPFIX decodes one IPFIX message (RFC 7011 section 3.1) and returns its length.
func (c *decodeCall) decodeIPFIX(pkt Packet, data []byte) (int, error) {
	if len(data) < ipfixHeaderLen {
		return 0, c.drop(newErr(10, 0, 0, ErrTruncated, "IPFIX header"))
	}
	msgLen := int(binary.BigEndian.Uint16(data[2:]))
	domain := binary.BigEndian.Uint32(data[12:])
	if msgLen < ipfixHeaderLen || msgLen > len(data) {
		return 0, c.drop(newErr(10, domain, 0, ErrTruncated, "message length past datagram"))
	}
	m := message{
		version: 10, domain: domain, now: pkt.Received, exporterAddr: pkt.Exporter,
		exportNs: int64(binary.BigEndian.Uint32(data[4:])) * int64(time.Second),
	}
	e := c.exporterFor(c.keyOf(pkt.Exporter, 10, domain), pkt.Received)
	if e == nil {
		c.st.Dropped[DropLimit]++
		return msgLen, nil
	}
	m.exp = e
	c.newMessage(pkt, &m)
	seq := binary.BigEndian.Uint32(data[8:])
	c.checkRestart(&m, seq)
	before, droppedBefore := c.st.Records, c.st.Dropped
	pendingBefore := e.pending.records
	err := c.sets(&m, data[ipfixHeaderLen:msgLen])
	// The sequence number counts data records; buffered ones are estimated.
	count := c.st.Records - before + max(0, e.pending.records-pendingBefore)
	c.trackSequence(&m, seq, uint32(count))
	if e.pending.records != pendingBefore || c.st.Dropped != droppedBefore {
		// Buffered (estimated), dropped or previously buffered records make count inexact:
		// measure the next gap from the next message rather than report a false one.
		e.seq.inexact(seq)
	}
	return msgLen, err
}

// ipfixOptionsSet learns IPFIX options templates (RFC 7011 section 3.4.2.2).
func (c *decodeCall) ipfixOptionsSet(m *message, body []byte) error {
	for len(body) >= 4 {
		id := binary.BigEndian.Uint16(body)
		count := int(binary.BigEndian.Uint16(body[2:]))
		if count == 0 {
			c.withdraw(m, id)
			body = body[4:]
			continue
		}
		if len(body) < 6 {
			break
		}
		scope := int(binary.BigEndian.Uint16(body[4:]))
		if id < minDataSetID || scope == 0 || scope > count {
			if allZero(body) {
				return nil
			}
			return c.drop(newErr(10, m.domain, id, ErrBadTemplate, "options template ID or scope count"))
		}
		fields, n, err := c.parseFields(m, id, body[6:], count)
		if err != nil {
			return err
		}
		if err := c.learn(m, planSpec{id: id, fields: fields, scopeCount: scope, options: true, copies: true}); err != nil {
			return err
		}
		body = body[6+n:]
	}
	return nil
}
