// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder // import "github.com/otelcol-flows/otelcol-flows/receiver/sflowreceiver/internal/decoder"

import (
	"net/netip"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-flows/otelcol-flows/internal/ecsstr"
	"github.com/otelcol-flows/otelcol-flows/internal/packetheader"
)

// Config bounds the decoder and chooses its output.
type Config struct {
	// ScaleBySampling multiplies bytes and packets by the sampling rate.
	ScaleBySampling bool
	// MaxAgents bounds the agents (address and sub-agent) whose sequence
	// numbers are tracked; datagrams of more are decoded but not tracked.
	MaxAgents int
	// MaxSourcesPerAgent bounds the data sources tracked per agent.
	MaxSourcesPerAgent int
	// MaxSamplesPerDatagram and MaxRecordsPerSample reject datagrams
	// claiming more (reason oversized) before any allocation.
	MaxSamplesPerDatagram int
	MaxRecordsPerSample   int
	// AgentTimeout forgets agents not heard from for this long.
	AgentTimeout time.Duration
}

// Datagram is one sFlow datagram and where it came from.
type Datagram struct {
	Exporter netip.AddrPort
	Received time.Time
	Data     []byte
}

// Stats is what one Decode or Expire call did.
type Stats struct {
	FlowSamples    int // flow samples decoded into log records
	CounterSamples int // counter samples decoded into metrics
	DataPoints     int // metric data points added
	// UnknownSamples and UnknownRecords were skipped by their length.
	UnknownSamples int
	UnknownRecords int
	// LostSamples: flow sample sequence gaps per data source.
	LostSamples int64
	// LostDatagrams: datagram sequence gaps per agent.
	LostDatagrams  int64
	SequenceResets int
	// AgentsUntracked: datagrams whose agent is beyond MaxAgents.
	AgentsUntracked int
}

// State is what the decoder holds, for gauges.
type State struct {
	Agents int
}

// Decoder decodes datagrams; one goroutine uses it (the receiver shards
// exporters to workers, one Decoder each).
type Decoder struct {
	cfg    Config
	agents agentTable
	// per-call scratch, reused so decoding does not allocate
	flow flow
	ctr  ifCounters
	hdr  datagramHeader
	pkt  packetheader.Header
	// attribute string caches
	addrs ecsstr.AddrCache
	macs  ecsstr.MACCache
}

// New returns a Decoder.
func New(cfg Config) *Decoder {
	return &Decoder{cfg: cfg, agents: newAgentTable(cfg.MaxAgents, cfg.MaxSourcesPerAgent)}
}

// State reports the tracked agents.
func (d *Decoder) State() State { return State{Agents: d.agents.len()} }

// Expire forgets agents idle for longer than AgentTimeout.
func (d *Decoder) Expire(now time.Time) {
	if d.cfg.AgentTimeout > 0 {
		d.agents.expire(now.Add(-d.cfg.AgentTimeout))
	}
}

// datagramHeader is the sFlow v5 datagram header, and what every sample
// of the datagram shares.
type datagramHeader struct {
	exporter netip.AddrPort
	agent    netip.Addr
	subAgent uint32
	sequence uint32
	uptimeMs uint32
	samples  uint32
	received pcommon.Timestamp
	state    *agentState // nil when untracked
}

// Decode appends the flow samples of dg to b's logs and its counter
// samples to b's metrics. On error, what was decoded before stays in b;
// the error is an *Error naming the drop reason.
func (d *Decoder) Decode(dg Datagram, b *Batch) (Stats, error) {
	var st Stats
	x := xdr{b: dg.Data}
	h := &d.hdr
	if err := d.readHeader(&x, dg, h); err != nil {
		return st, err
	}
	d.trackDatagram(h, dg.Received, &st)
	for range h.samples {
		if err := d.sample(&x, h, b, &st); err != nil {
			return st, err
		}
	}
	return st, nil
}

func (d *Decoder) readHeader(x *xdr, dg Datagram, h *datagramHeader) error {
	version := x.u32()
	if x.short {
		return errShortHeader
	}
	if version != 5 {
		return errVersion
	}
	agent, ok := x.address()
	if x.short {
		return errShortHeader
	}
	if !ok {
		return errAgentAddress
	}
	h.exporter, h.agent = dg.Exporter, agent
	h.subAgent, h.sequence, h.uptimeMs, h.samples = x.u32(), x.u32(), x.u32(), x.u32()
	if x.short {
		return errShortHeader
	}
	if int64(h.samples) > int64(d.cfg.MaxSamplesPerDatagram) {
		return errTooMany
	}
	h.received = pcommon.NewTimestampFromTime(dg.Received)
	return nil
}

func (d *Decoder) trackDatagram(h *datagramHeader, now time.Time, st *Stats) {
	h.state = d.agents.lookup(agentKey{addr: h.agent, subAgent: h.subAgent}, now)
	if h.state == nil {
		st.AgentsUntracked++
		return
	}
	a := h.state
	// Sequence numbers alone cannot tell a restart from a late datagram
	// when the agent starts again at 1; its uptime going back can. (The
	// 32-bit millisecond uptime also wraps after 49.7 days: counted as one
	// reset, which loses no sample.)
	restarted := a.datagrams.seen && h.uptimeMs+uptimeSlack < a.uptimeMs
	a.uptimeMs = h.uptimeMs
	lost, reset := a.datagrams.next(h.sequence)
	if restarted {
		a.datagrams.restart(h.sequence)
		lost, reset = 0, true
	}
	st.LostDatagrams += lost
	if reset {
		st.SequenceResets++
		a.clearSources()
	}
}
