// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"
	"net"
	"net/netip"
	"time"

	"github.com/otelcol-flows/otelcol-flows/tools/flowgen/internal/flowenc"
)

// exporter is one exporter identity: its own source address and socket, its
// own sequence numbers and its own random flows.
type exporter struct {
	conn    *net.UDPConn
	enc     *flowenc.Exporter
	flows   *flowenc.FlowSource
	pending *flowenc.Template // next data packet's template
}

// counts is what a sender has put on the wire.
type counts struct {
	Packets         uint64
	TemplatePackets uint64
	Flows           uint64
	Bytes           uint64
	SendErrors      uint64
}

func (c *counts) add(o counts) {
	c.Packets += o.Packets
	c.TemplatePackets += o.TemplatePackets
	c.Flows += o.Flows
	c.Bytes += o.Bytes
	c.SendErrors += o.SendErrors
}

func dialExporter(source netip.Addr, target netip.AddrPort) (*net.UDPConn, error) {
	local := net.UDPAddrFromAddrPort(netip.AddrPortFrom(source, 0))
	return net.DialUDP("udp", local, net.UDPAddrFromAddrPort(target))
}

// sender paces one share of the offered load over its exporters, round robin.
type sender struct {
	exporters []*exporter
	mix       *flowenc.Mix
	// rate is this sender's share in flows per second; 0 means unpaced.
	rate  float64
	limit uint64 // flows to send; 0 means until the deadline
	burst time.Duration
	// flush is how long flows may wait for a full packet.
	flush    time.Duration
	lastSend time.Time
	buf      []byte
	batch    []flowenc.Flow
	next     int
	c        counts
}

// run sends until ctx ends or the flow limit is reached. Pacing works on the
// total due since start, so a late wake-up is caught up in one burst instead
// of lowering the rate. Like a real exporter, it sends full packets, and a
// partial one only when flows have waited for -flush or the count is done.
func (s *sender) run(ctx context.Context) counts {
	start := time.Now()
	tick := time.NewTicker(s.burst)
	defer tick.Stop()
	for {
		due := s.limitOr(^uint64(0))
		if s.rate > 0 {
			due = min(due, uint64(time.Since(start).Seconds()*s.rate))
		}
		for s.ready(due) {
			if s.c.Packets%64 == 0 && ctx.Err() != nil {
				return s.c
			}
			s.sendOne(due - s.c.Flows)
		}
		if s.limit > 0 && s.c.Flows >= s.limit {
			return s.c
		}
		select {
		case <-ctx.Done():
			return s.c
		case <-tick.C:
		}
	}
}

// ready reports whether the next exporter's next packet should go now.
func (s *sender) ready(due uint64) bool {
	if s.c.Flows >= due {
		return false
	}
	e := s.exporters[s.next]
	deficit := due - s.c.Flows
	if deficit >= uint64(e.enc.Capacity(e.nextTemplate(s.mix))) {
		return true
	}
	final := s.limit > 0 && due == s.limit
	return final || time.Since(s.lastSend) >= s.flush
}

func (s *sender) limitOr(v uint64) uint64 {
	if s.limit > 0 {
		return s.limit
	}
	return v
}

// nextTemplate is the template of this exporter's next data packet, picked
// from the mix once and kept until the packet is sent.
func (e *exporter) nextTemplate(mix *flowenc.Mix) *flowenc.Template {
	if e.pending == nil {
		e.pending = e.flows.Pick(mix)
	}
	return e.pending
}

// sendOne sends the next exporter's next packet: its templates when they are
// due, then up to want flows of its next template.
func (s *sender) sendOne(want uint64) {
	e := s.exporters[s.next]
	s.next = (s.next + 1) % len(s.exporters)
	now := time.Now()
	if e.enc.NeedsTemplates() {
		s.writeTemplates(e, now)
	}
	tpl := e.nextTemplate(s.mix)
	e.pending = nil
	n := min(uint64(e.enc.Capacity(tpl)), want)
	batch := s.batch[:n]
	e.flows.Fill(batch, now, tpl.IPv6())
	pkt, sent := e.enc.AppendData(s.buf[:0], now, tpl, batch)
	s.write(e, pkt)
	s.c.Flows += uint64(sent)
	s.lastSend = now
}

// sendTemplates sends every exporter's templates now (-template-lead).
func (s *sender) sendTemplates() {
	now := time.Now()
	for _, e := range s.exporters {
		s.writeTemplates(e, now)
	}
}

func (s *sender) writeTemplates(e *exporter, now time.Time) {
	s.write(e, e.enc.AppendTemplates(s.buf[:0], now))
	s.c.TemplatePackets++
}

func (s *sender) write(e *exporter, pkt []byte) {
	if _, err := e.conn.Write(pkt); err != nil {
		// A refused port (no collector yet) or a full socket buffer: the
		// packet is lost as it would be for a real exporter; count it.
		s.c.SendErrors++
		return
	}
	s.c.Packets++
	s.c.Bytes += uint64(len(pkt))
}
