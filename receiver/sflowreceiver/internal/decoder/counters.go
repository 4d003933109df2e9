// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder // import "github.com/otelcol-flows/otelcol-flows/receiver/sflowreceiver/internal/decoder"

// Counter record formats (enterprise 0, sflow_version_5.txt "counter_data").
const (
	counterGenericInterface = 1
	counterEthernet         = 2
)

// ifCounters is one counter sample: its source and what its generic
// interface and Ethernet records said.
type ifCounters struct {
	sourceType, sourceIndex uint32
	hasGeneric, hasEthernet bool
	generic                 genericInterface
	ethernet                [ethernetCounters]uint32
}

// genericInterface is if_counters (RFC 2233 ifTable/ifXTable columns).
type genericInterface struct {
	index, ifType                           uint32
	speed                                   uint64
	direction, status                       uint32
	inOctets                                uint64
	inUcast, inMcast, inBcast               uint32
	inDiscards, inErrors, inUnknownProtos   uint32
	outOctets                               uint64
	outUcast, outMcast, outBcast            uint32
	outDiscards, outErrors, promiscuousMode uint32
}

// ethernetCounters are the dot3Stats columns of ethernet_counters, in
// record order; ethernetCounterNames names them.
const ethernetCounters = 13

var ethernetCounterNames = [ethernetCounters]string{
	"alignment", "fcs", "single_collision_frames", "multiple_collision_frames", "sqe_test",
	"deferred_transmissions", "late_collisions", "excessive_collisions", "internal_mac_transmit",
	"carrier_sense", "frame_too_long", "internal_mac_receive", "symbol",
}

func (c *ifCounters) reset() { *c = ifCounters{} }

// counterRecord decodes one counter record (see records) into d.ctr; a
// short one clears what the sample had.
func (d *Decoder) counterRecord(format uint32, r xdr) (known, short bool) {
	c := &d.ctr
	switch format {
	case counterGenericInterface:
		c.generic.read(&r)
		c.hasGeneric = true
	case counterEthernet:
		for i := range c.ethernet {
			c.ethernet[i] = r.u32()
		}
		c.hasEthernet = true
	default:
		return false, false
	}
	if r.short {
		c.hasGeneric, c.hasEthernet = false, false
	}
	return true, r.short
}

func (g *genericInterface) read(r *xdr) {
	g.index, g.ifType, g.speed, g.direction, g.status = r.u32(), r.u32(), r.u64(), r.u32(), r.u32()
	g.inOctets, g.inUcast, g.inMcast, g.inBcast = r.u64(), r.u32(), r.u32(), r.u32()
	g.inDiscards, g.inErrors, g.inUnknownProtos = r.u32(), r.u32(), r.u32()
	g.outOctets, g.outUcast, g.outMcast, g.outBcast = r.u64(), r.u32(), r.u32(), r.u32()
	g.outDiscards, g.outErrors, g.promiscuousMode = r.u32(), r.u32(), r.u32()
}
