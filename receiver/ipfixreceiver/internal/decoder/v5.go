// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"encoding/binary"
	"time"
)

// NetFlow v5 (Cisco "NetFlow Export Datagram Format"): 24-byte header, 48-byte records.
const (
	v5HeaderLen = 24
	v5RecordLen = 48
)

// v5Fields describes the fixed v5 record as a template of the equivalent IPFIX elements, so
// v5 goes through the same compiled plan as v9 and IPFIX and gets the same netflow.* names.
var v5Fields = []fieldSpec{
	{ID: 8, Length: 4}, {ID: 12, Length: 4}, {ID: 15, Length: 4}, // srcaddr, dstaddr, nexthop
	{ID: 10, Length: 2}, {ID: 14, Length: 2}, // input, output
	{ID: 2, Length: 4}, {ID: 1, Length: 4}, // dPkts, dOctets
	{ID: 22, Length: 4}, {ID: 21, Length: 4}, // First, Last (sysUptime ms)
	{ID: 7, Length: 2}, {ID: 11, Length: 2}, // srcport, dstport
	{ID: 210, Length: 1}, {ID: 6, Length: 1}, {ID: 4, Length: 1}, {ID: 5, Length: 1}, // pad1, tcp_flags, prot, tos
	{ID: 16, Length: 2}, {ID: 17, Length: 2}, // src_as, dst_as
	{ID: 9, Length: 1}, {ID: 13, Length: 1}, {ID: 210, Length: 2}, // src_mask, dst_mask, pad2
}

// decodeV5 decodes one v5 message and returns its length.
func (c *decodeCall) decodeV5(pkt Packet, data []byte) (int, error) {
	if len(data) < v5HeaderLen {
		return 0, c.drop(newErr(5, 0, 0, ErrTruncated, "v5 header"))
	}
	count := int(binary.BigEndian.Uint16(data[2:]))
	engine := uint32(data[20])<<8 | uint32(data[21])
	m := message{
		version: 5, domain: engine, now: pkt.Received, exporterAddr: pkt.Exporter,
		uptimeMs: binary.BigEndian.Uint32(data[4:]), hasUptime: true,
		exportNs: int64(binary.BigEndian.Uint32(data[8:]))*int64(time.Second) + int64(binary.BigEndian.Uint32(data[12:])),
		sampling: uint32(binary.BigEndian.Uint16(data[22:]) & 0x3FFF),
	}
	e := c.exporterFor(c.keyOf(pkt.Exporter, 5, engine), pkt.Received)
	if e == nil {
		c.st.Dropped[DropLimit] += count
		return len(data), nil // the rest of the datagram is from the same exporter
	}
	m.exp = e
	c.newMessage(pkt, &m)
	fit := (len(data) - v5HeaderLen) / v5RecordLen
	var err error
	if count > fit {
		// The header promises more records than the datagram holds: decode what is there.
		short := newErr(5, engine, 0, ErrTruncated, "v5 count exceeds datagram")
		short.Dropped = count - fit
		err = c.drop(short)
		count = fit
	}
	seq := binary.BigEndian.Uint32(data[16:])
	c.checkRestart(&m, seq)
	c.trackSequence(&m, seq, uint32(count))
	body := data[v5HeaderLen : v5HeaderLen+count*v5RecordLen]
	// No records, no resource: decodeRecords would add an empty one. Its error cannot happen
	// here, as body holds whole records of a fixed-length template.
	if count > 0 {
		_ = c.decodeRecords(&m, c.v5, body)
	}
	if err != nil {
		return 0, err
	}
	return v5HeaderLen + count*v5RecordLen, nil
}
