// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder // import "github.com/otelcol-flows/otelcol-flows/receiver/sflowreceiver/internal/decoder"

import (
	"net/netip"
	"time"
)

// reorderWindow is how far behind the last sequence number a datagram or
// sample may arrive and still count as late rather than as a restart.
// maxGap is the largest jump counted as loss; a larger one is a restart
// (an agent that lost 2^20 samples in a row has effectively restarted).
// uptimeSlack is how far an agent's uptime may go back (a late datagram)
// before the agent counts as restarted.
const (
	reorderWindow = 64
	maxGap        = 1 << 20
	uptimeSlack   = 10_000 // ms
)

// sequence follows one sequence number (sFlow v5: datagrams per agent and
// sub-agent, samples per data source, each counting up by one).
type sequence struct {
	last uint32
	seen bool
}

// next takes the next number and returns how many were skipped, or reset
// when the numbering started again. A late or repeated number counts
// nothing (its gap was already counted as lost: loss is an upper bound).
func (s *sequence) next(n uint32) (lost int64, reset bool) {
	if !s.seen {
		s.last, s.seen = n, true
		return 0, false
	}
	ahead := n - s.last // modulo 2^32: wrap-around is a step of one
	switch {
	case ahead == 0:
		return 0, false
	case ahead <= maxGap:
		s.last = n
		return int64(ahead - 1), false
	case s.last-n <= reorderWindow:
		return 0, false
	}
	s.last = n
	return 0, true
}

// restart starts the numbering again at n.
func (s *sequence) restart(n uint32) { s.last, s.seen = n, true }

type agentKey struct {
	addr     netip.Addr
	subAgent uint32
}

// agentState is one agent's datagram sequence and its data sources'
// flow sample sequences.
type agentState struct {
	datagrams  sequence
	uptimeMs   uint32
	sources    map[uint64]*sequence
	maxSources int
	lastSeen   time.Time
}

// source returns the sequence of a data source, nil beyond the limit.
func (a *agentState) source(id uint64) *sequence {
	if s, ok := a.sources[id]; ok {
		return s
	}
	if len(a.sources) >= a.maxSources {
		return nil
	}
	s := &sequence{}
	a.sources[id] = s
	return s
}

// clearSources forgets the sources after an agent restart: their
// numbering starts again too.
func (a *agentState) clearSources() { clear(a.sources) }

// agentTable holds a bounded number of agents.
type agentTable struct {
	agents     map[agentKey]*agentState
	max        int
	maxSources int
}

func newAgentTable(maxAgents, maxSources int) agentTable {
	return agentTable{agents: make(map[agentKey]*agentState), max: maxAgents, maxSources: maxSources}
}

func (t *agentTable) len() int { return len(t.agents) }

// lookup returns the agent's state, creating it; nil beyond the limit.
func (t *agentTable) lookup(k agentKey, now time.Time) *agentState {
	a, ok := t.agents[k]
	if !ok {
		if len(t.agents) >= t.max {
			return nil
		}
		a = &agentState{sources: make(map[uint64]*sequence), maxSources: t.maxSources}
		t.agents[k] = a
	}
	a.lastSeen = now
	return a
}

func (t *agentTable) expire(before time.Time) {
	for k, a := range t.agents {
		if a.lastSeen.Before(before) {
			delete(t.agents, k)
		}
	}
}
