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
	conn  *net.UDPConn
	enc   *flowenc.Exporter
	flows *flowenc.FlowSource
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
	buf   []byte
	batch []flowenc.Flow
	next  int
	c     counts
}

// run sends until ctx ends or the flow limit is reached. Pacing works on the
// total due since start, so a late wake-up is caught up in one burst instead
// of lowering the rate.
func (s *sender) run(ctx context.Context) counts {
	start := time.Now()
	tick := time.NewTicker(s.burst)
	defer tick.Stop()
	for {
		due := s.limitOr(^uint64(0))
		if s.rate > 0 {
			due = min(due, uint64(time.Since(start).Seconds()*s.rate))
		}
		for s.c.Flows < due {
			if s.c.Flows%1024 == 0 && ctx.Err() != nil {
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

func (s *sender) limitOr(v uint64) uint64 {
	if s.limit > 0 {
		return s.limit
	}
	return v
}

// sendOne sends the next exporter's next packet: its templates when they are
// due, otherwise up to want flows of one template from the mix.
func (s *sender) sendOne(want uint64) {
	e := s.exporters[s.next]
	s.next = (s.next + 1) % len(s.exporters)
	now := time.Now()
	if e.enc.NeedsTemplates() {
		s.write(e, e.enc.AppendTemplates(s.buf[:0], now))
		s.c.TemplatePackets++
	}
	tpl := e.flows.Pick(s.mix)
	n := min(uint64(e.enc.Capacity(tpl)), want)
	batch := s.batch[:n]
	e.flows.Fill(batch, now, tpl.IPv6())
	pkt, sent := e.enc.AppendData(s.buf[:0], now, tpl, batch)
	s.write(e, pkt)
	s.c.Flows += uint64(sent)
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
