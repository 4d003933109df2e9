// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"net/netip"
	"sync/atomic"

	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-flows/otelcol-flows/internal/ecsstr"
)

// Interface is what an operator knows about one interface of an exporter; most routers send no
// interface options data.
type Interface struct {
	Name        string
	Description string
	Speed       uint64 // bits per second; 0 = unknown
}

// InterfaceKey names an interface: the exporter's address and the ifIndex its records carry.
type InterfaceKey struct {
	Exporter netip.Addr
	Index    uint32
}

// Interfaces is the operator's interface table, shared by every worker's Decoder and replaced
// as a whole when its file is reloaded.
type Interfaces struct {
	// PreferStatic makes the table's names win over the exporter's options data.
	PreferStatic bool
	table        atomic.Pointer[map[InterfaceKey]Interface]
}

// Store replaces the table.
func (s *Interfaces) Store(t map[InterfaceKey]Interface) { s.table.Store(&t) }

// Lookup returns the table entry of an exporter's ifIndex.
func (s *Interfaces) Lookup(addr netip.Addr, idx uint64) (Interface, bool) {
	if s == nil {
		return Interface{}, false
	}
	t := s.table.Load()
	if t == nil || len(*t) == 0 {
		return Interface{}, false
	}
	i, ok := (*t)[InterfaceKey{Exporter: addr, Index: uint32(idx)}]
	return i, ok
}

// interfaceKeys are the attributes of one direction.
type interfaceKeys struct{ id, name, alias, speed string }

var (
	ingressKeys = interfaceKeys{"observer.ingress.interface.id", "observer.ingress.interface.name",
		"observer.ingress.interface.alias", "netflow.ingress_interface_speed"}
	egressKeys = interfaceKeys{"observer.egress.interface.id", "observer.egress.interface.name",
		"observer.egress.interface.alias", "netflow.egress_interface_speed"}
)

// putInterface writes one direction's interface: its ifIndex, and the name from the exporter's
// options data or the operator's table, whichever Interfaces.PreferStatic puts first.
func (d *Decoder) putInterface(m *message, attrs pcommon.Map, idx uint64, k *interfaceKeys) {
	attrs.PutStr(k.id, ecsstr.ID(idx))
	optName := m.exp.ifName(idx)
	static, ok := d.cfg.Interfaces.Lookup(m.exp.key.addr, idx)
	name := optName
	if ok && (name == "" || d.cfg.Interfaces.PreferStatic) && static.Name != "" {
		name = static.Name
	}
	if name != "" {
		attrs.PutStr(k.name, name)
	}
	if !ok {
		return
	}
	if static.Description != "" {
		attrs.PutStr(k.alias, static.Description)
	}
	if static.Speed > 0 {
		attrs.PutInt(k.speed, int64(static.Speed))
	}
}
