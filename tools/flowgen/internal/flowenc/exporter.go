// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package flowenc

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Version is the export protocol version in the packet header.
type Version uint16

const (
	// NetFlowV9 is RFC 3954.
	NetFlowV9 Version = 9
	// IPFIX is RFC 7011.
	IPFIX Version = 10
)

const (
	v9HeaderLen    = 20
	ipfixHeaderLen = 16
	setHeaderLen   = 4
)

// ExporterConfig describes one exporter identity.
type ExporterConfig struct {
	Version Version
	// Domain is the v9 source ID or the IPFIX observation domain ID.
	Domain    uint32
	Templates []*Template
	// MaxPacket bounds the UDP payload; real exporters stay under the path MTU.
	MaxPacket int
	// TemplateRefresh is the number of data packets between template
	// retransmissions (RFC 7011 section 8.4 for UDP); 0 sends them once.
	TemplateRefresh int
	// Boot is the exporter's boot time, the origin of v9 sysUptime.
	Boot time.Time
}

// Exporter builds the packets of one exporter: templates first, then data,
// with the sequence numbers each RFC defines.
type Exporter struct {
	cfg ExporterConfig
	// seq is the next header sequence number: packets sent so far for v9
	// (RFC 3954 section 5.1), data records sent so far for IPFIX (RFC 7011
	// section 3.1).
	seq              uint32
	dataSinceRefresh int
	templatesSent    bool
}

// ErrPacketTooSmall means a template's record does not fit in MaxPacket.
var ErrPacketTooSmall = errors.New("max packet size too small for one record")

// NewExporter validates cfg and returns an exporter that has sent nothing.
func NewExporter(cfg ExporterConfig) (*Exporter, error) {
	if cfg.Version != NetFlowV9 && cfg.Version != IPFIX {
		return nil, fmt.Errorf("unsupported version %d", cfg.Version)
	}
	if len(cfg.Templates) == 0 {
		return nil, errors.New("no templates")
	}
	e := &Exporter{cfg: cfg}
	for _, t := range cfg.Templates {
		if t.IPFIXOnly && cfg.Version != IPFIX {
			return nil, fmt.Errorf("template %q needs IPFIX", t.Name)
		}
		if e.Capacity(t) < 1 {
			return nil, fmt.Errorf("template %q (%d bytes): %w", t.Name, t.RecordLen(), ErrPacketTooSmall)
		}
	}
	if n := len(e.AppendTemplates(nil, cfg.Boot)); n > cfg.MaxPacket {
		return nil, fmt.Errorf("templates need %d bytes: %w", n, ErrPacketTooSmall)
	}
	e.seq, e.templatesSent = 0, false
	return e, nil
}

// Sequence is the sequence number the next packet will carry.
func (e *Exporter) Sequence() uint32 { return e.seq }

// NeedsTemplates reports whether the next packet must be a template packet:
// before any data, and every TemplateRefresh data packets after that.
func (e *Exporter) NeedsTemplates() bool {
	if !e.templatesSent {
		return true
	}
	return e.cfg.TemplateRefresh > 0 && e.dataSinceRefresh >= e.cfg.TemplateRefresh
}

func (e *Exporter) headerLen() int {
	if e.cfg.Version == IPFIX {
		return ipfixHeaderLen
	}
	return v9HeaderLen
}

// Capacity is the number of records of t that fit in one data packet.
func (e *Exporter) Capacity(t *Template) int {
	return (e.cfg.MaxPacket - e.headerLen() - setHeaderLen) / t.RecordLen()
}

// AppendTemplates appends a packet holding every template to dst.
func (e *Exporter) AppendTemplates(dst []byte, now time.Time) []byte {
	start := len(dst)
	dst = e.appendHeader(dst, now)
	setStart := len(dst)
	setID := uint16(0) // RFC 3954 section 5.2
	if e.cfg.Version == IPFIX {
		setID = 2 // RFC 7011 section 3.3.2
	}
	dst = binary.BigEndian.AppendUint16(dst, setID)
	dst = binary.BigEndian.AppendUint16(dst, 0)
	for _, t := range e.cfg.Templates {
		dst = e.appendTemplateRecord(dst, t)
	}
	binary.BigEndian.PutUint16(dst[setStart+2:], uint16(len(dst)-setStart))
	e.finishPacket(dst[start:], len(e.cfg.Templates))
	e.templatesSent, e.dataSinceRefresh = true, 0
	if e.cfg.Version == NetFlowV9 {
		e.seq++
	}
	return dst
}

func (e *Exporter) appendTemplateRecord(dst []byte, t *Template) []byte {
	dst = binary.BigEndian.AppendUint16(dst, t.ID)
	dst = binary.BigEndian.AppendUint16(dst, uint16(len(t.Fields)))
	for _, fl := range t.Fields {
		id := fl.ID
		if fl.PEN != 0 {
			id |= 0x8000 // enterprise bit, RFC 7011 section 3.2
		}
		dst = binary.BigEndian.AppendUint16(dst, id)
		dst = binary.BigEndian.AppendUint16(dst, fl.Length)
		if fl.PEN != 0 {
			dst = binary.BigEndian.AppendUint32(dst, fl.PEN)
		}
	}
	return dst
}

// AppendData appends a data packet with the first Capacity(t) flows to dst
// and returns it with the number of flows encoded.
func (e *Exporter) AppendData(dst []byte, now time.Time, t *Template, flows []Flow) ([]byte, int) {
	n := min(len(flows), e.Capacity(t))
	start := len(dst)
	dst = e.appendHeader(dst, now)
	setStart := len(dst)
	dst = binary.BigEndian.AppendUint16(dst, t.ID)
	dst = binary.BigEndian.AppendUint16(dst, 0)
	for i := range flows[:n] {
		dst = appendRecord(dst, t, &flows[i], e.cfg.Boot)
	}
	if e.cfg.Version == NetFlowV9 {
		// RFC 3954 section 5.3: pad the FlowSet to a 32-bit boundary.
		for (len(dst)-setStart)%4 != 0 {
			dst = append(dst, 0)
		}
	}
	binary.BigEndian.PutUint16(dst[setStart+2:], uint16(len(dst)-setStart))
	e.finishPacket(dst[start:], n)
	e.dataSinceRefresh++
	if e.cfg.Version == NetFlowV9 {
		e.seq++
	} else {
		e.seq += uint32(n)
	}
	return dst, n
}

func appendRecord(dst []byte, t *Template, fl *Flow, boot time.Time) []byte {
	dst = slices.Grow(dst, t.RecordLen())
	for _, field := range t.Fields {
		n := int(field.Length)
		if n == VarLen {
			n = varLen(field.value, fl)
			dst = append(dst, byte(n))
		}
		off := len(dst)
		dst = dst[:off+n]
		clear(dst[off:])
		if field.value == vRaw {
			copy(dst[off:], field.Raw)
			continue
		}
		put(dst[off:], field.value, fl, boot)
	}
	return dst
}

func (e *Exporter) appendHeader(dst []byte, now time.Time) []byte {
	dst = binary.BigEndian.AppendUint16(dst, uint16(e.cfg.Version))
	if e.cfg.Version == IPFIX {
		dst = binary.BigEndian.AppendUint16(dst, 0) // length, set by finishPacket
		dst = binary.BigEndian.AppendUint32(dst, uint32(now.Unix()))
		dst = binary.BigEndian.AppendUint32(dst, e.seq)
		return binary.BigEndian.AppendUint32(dst, e.cfg.Domain)
	}
	dst = binary.BigEndian.AppendUint16(dst, 0) // count, set by finishPacket
	dst = binary.BigEndian.AppendUint32(dst, uint32(uptimeMillis(now, e.cfg.Boot)))
	dst = binary.BigEndian.AppendUint32(dst, uint32(now.Unix()))
	dst = binary.BigEndian.AppendUint32(dst, e.seq)
	return binary.BigEndian.AppendUint32(dst, e.cfg.Domain)
}

// finishPacket fills the header's second field: the message length for IPFIX,
// the number of records (template and data) for v9.
func (e *Exporter) finishPacket(pkt []byte, records int) {
	if e.cfg.Version == IPFIX {
		binary.BigEndian.PutUint16(pkt[2:], uint16(len(pkt)))
		return
	}
	binary.BigEndian.PutUint16(pkt[2:], uint16(records))
}
