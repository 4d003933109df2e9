// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"encoding/binary"
	"net/netip"
	"strconv"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-flows/otelcol-flows/internal/ecsstr"
	"github.com/otelcol-flows/otelcol-flows/internal/packetheader"
)

// Decoder decodes datagrams of many exporters. It is not safe for concurrent use.
type Decoder struct {
	cfg       Config
	exporters map[exporterKey]*exporter
	perAddr   map[netip.Addr][]*exporter // the exporters of each source address, for MaxExportersPerAddress
	// unclaimed holds state restored from an address-keyed save (port 0 keys) until the first
	// session of its address, version and domain claims it; empty when KeyByAddress.
	unclaimed map[exporterKey]*exporter
	times     timeCache
	addrs     *ecsstr.AddrCache
	v5        *template
	// exporters seen sampled and unscaled, taken by UnscaledExporters
	unscaled []netip.Addr
}

// New returns a Decoder; zero limits mean "no limit" except PendingMaxRecords (0 = no buffering).
func New(cfg Config) *Decoder {
	d := &Decoder{
		cfg:   cfg,
		addrs: new(ecsstr.AddrCache),
		v5:    compile(planSpec{fields: v5Fields, copies: cfg.NetflowCopies}),
	}
	d.resetExporters()
	return d
}

// Decode appends every decodable record of pkt to b. Records decoded before a problem stay in
// b; the error describes the first problem.
func (d *Decoder) Decode(pkt Packet, b *LogsBuilder) (Stats, error) {
	c := decodeCall{Decoder: d, out: b}
	err := c.decodeMessages(pkt)
	return c.st, err
}

// decodeCall is one Decode call: where its records go, what it counts and the record in
// progress. It lives on the caller's stack; the Decoder keeps only what outlasts the call.
type decodeCall struct {
	*Decoder
	out    *LogsBuilder
	st     Stats
	flow   flow                // the record in progress
	header packetheader.Header // a sampled packet section of the record in progress, decoded
}

// decodeMessages decodes the messages of one datagram. A datagram normally holds one, but
// captures made with "nc -k" concatenate several; each message states (v5, IPFIX) or implies
// (v9: the rest) its length.
func (c *decodeCall) decodeMessages(pkt Packet) error {
	data := pkt.Data
	if len(data) < 2 {
		return c.drop(newErr(0, 0, 0, ErrTruncated, "no version field"))
	}
	var err error
	for len(data) >= 2 && err == nil {
		var n int
		switch v := binary.BigEndian.Uint16(data); v {
		case 5:
			n, err = c.decodeV5(pkt, data)
		case 9:
			n, err = c.decodeV9(pkt, data)
		case 10:
			n, err = c.decodeIPFIX(pkt, data)
		default:
			if len(data) == len(pkt.Data) {
				return c.drop(newErr(v, 0, 0, ErrUnknownVersion, strconv.Itoa(int(v))))
			}
			// Bytes after a whole message that start no known version are ignored, not counted:
			// the messages before them were decoded.
			return nil
		}
		if n <= 0 {
			break
		}
		data = data[n:]
	}
	return err
}

// Gauges counts what the Decoder holds.
func (d *Decoder) Gauges() Gauges {
	s := Gauges{Exporters: d.exporterCount()}
	for _, e := range d.exporters {
		s.Templates += len(e.templates)
		s.PendingRecords += e.pending.records
	}
	for _, e := range d.unclaimed {
		s.Templates += len(e.templates)
	}
	return s
}

// Expire drops templates older than TemplateTimeout, pending data older than PendingMaxAge and
// exporters with nothing left that have been silent for longer than both; it counts as lost the
// sequence gaps open for longer than reorderTimeout (an exporter that went quiet after a loss).
// An exporter that restarted from a new source port leaves its old session silent: this is
// what forgets it.
func (d *Decoder) Expire(now time.Time) Stats {
	var st Stats
	idle := max(d.cfg.TemplateTimeout, d.cfg.PendingMaxAge, 30*time.Minute)
	nowNs := unixNs(now)
	for _, e := range d.exporters {
		st.Dropped[DropPendingExpired] += e.pending.expire(now, d.cfg.PendingMaxAge)
		// Gaps are otherwise only closed by later messages: an exporter that paused or stopped
		// right after a loss would never report it.
		st.LostRecords += e.seq.expire(window(e.key.version), nowNs)
		st.TemplatesChanged = d.expireTemplates(e, now) || st.TemplatesChanged
		if e.idle(now, idle) {
			d.remove(e)
		}
	}
	for k, e := range d.unclaimed {
		st.TemplatesChanged = d.expireTemplates(e, now) || st.TemplatesChanged
		if e.idle(now, idle) {
			delete(d.unclaimed, k)
		}
	}
	return st
}

// expireTemplates drops the exporter's templates older than TemplateTimeout.
func (d *Decoder) expireTemplates(e *exporter, now time.Time) (changed bool) {
	if d.cfg.TemplateTimeout <= 0 {
		return false
	}
	for id, t := range e.templates {
		if now.Sub(t.learned) > d.cfg.TemplateTimeout {
			delete(e.templates, id)
			changed = true
		}
	}
	return changed
}

// newMessage fills the per-message context shared by the message's records.
func (d *Decoder) newMessage(pkt Packet, m *message) {
	m.received = pcommon.NewTimestampFromTime(pkt.Received)
	m.exportStr = d.times.str(m.exportNs)
}
