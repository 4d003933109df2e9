// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder // import "github.com/otelcol-flows/otelcol-flows/receiver/sflowreceiver/internal/decoder"

// Sample formats (enterprise 0, sflow_version_5.txt "sample_data").
const (
	formatFlowSample            = 1
	formatCounterSample         = 2
	formatFlowSampleExpanded    = 3
	formatCounterSampleExpanded = 4
)

// Interface formats of a flow sample's input and output (the top two bits
// of the compact form, a separate word in the expanded form).
const (
	ifFormatIndex    = 0
	ifFormatDiscard  = 1
	ifFormatMultiple = 2
	// ifInternal is the ifIndex of the agent itself (locally originated
	// or destined packets); 0 means unknown.
	ifInternal = 0x3fffffff
)

// sample reads one sample and skips it by its length when its format is
// not one this decoder knows.
func (d *Decoder) sample(x *xdr, h *datagramHeader, b *Batch, st *Stats) error {
	format, length := x.u32(), x.u32()
	if x.short {
		return errShortSample
	}
	if uint64(length) > uint64(len(x.b)) {
		return errSampleLength
	}
	body := xdr{b: x.b[:length:length]}
	x.b = x.b[length:]
	switch format {
	case formatFlowSample, formatFlowSampleExpanded:
		return d.flowSample(&body, h, format == formatFlowSampleExpanded, b, st)
	case formatCounterSample, formatCounterSampleExpanded:
		return d.counterSample(&body, h, format == formatCounterSampleExpanded, b, st)
	}
	st.UnknownSamples++
	return nil
}

// sampleSource reads a data source: compact (type in the top 8 bits) or
// expanded (two words).
func sampleSource(x *xdr, expanded bool) (typ, index uint32) {
	if expanded {
		return x.u32(), x.u32()
	}
	id := x.u32()
	return id >> 24, id & 0xffffff
}

// sampleInterface reads a flow sample's input or output interface.
func sampleInterface(x *xdr, expanded bool) (format, value uint32) {
	if expanded {
		return x.u32(), x.u32()
	}
	v := x.u32()
	return v >> 30, v & 0x3fffffff
}

func (d *Decoder) flowSample(x *xdr, h *datagramHeader, expanded bool, b *Batch, st *Stats) error {
	f := &d.flow
	f.reset()
	f.sequence = x.u32()
	f.sourceType, f.sourceIndex = sampleSource(x, expanded)
	f.rate, f.pool, f.drops = x.u32(), x.u32(), x.u32()
	f.inFormat, f.input = sampleInterface(x, expanded)
	f.outFormat, f.output = sampleInterface(x, expanded)
	if err := d.records(x, st, d.flowRecord); err != nil {
		return err
	}
	if h.state != nil {
		if s := h.state.source(uint64(f.sourceType)<<32 | uint64(f.sourceIndex)); s != nil {
			lost, reset := s.next(f.sequence)
			st.LostSamples += lost
			if reset {
				st.SequenceResets++
			}
		}
	}
	d.appendFlow(h, b)
	st.FlowSamples++
	return nil
}

func (d *Decoder) counterSample(x *xdr, h *datagramHeader, expanded bool, b *Batch, st *Stats) error {
	c := &d.ctr
	c.reset()
	_ = x.u32() // sequence: counters are cumulative, a lost sample loses nothing
	c.sourceType, c.sourceIndex = sampleSource(x, expanded)
	if err := d.records(x, st, d.counterRecord); err != nil {
		return err
	}
	st.DataPoints += b.appendCounters(h, c)
	st.CounterSamples++
	return nil
}

// records reads a sample's record count and its records. Each record is
// split off by record and decoded by one, which says whether it knows the
// format and whether the record was shorter than its fields; a record of
// an unknown format (processor, host, vendor counters...) is skipped by
// its length and counted.
func (d *Decoder) records(x *xdr, st *Stats, one func(format uint32, r xdr) (known, short bool)) error {
	n := x.u32()
	if x.short {
		return errShortSample
	}
	if int64(n) > int64(d.cfg.MaxRecordsPerSample) {
		return errTooMany
	}
	for range n {
		format, r, err := record(x)
		if err != nil {
			return err
		}
		known, short := one(format, r)
		if !known {
			st.UnknownRecords++
		} else if short {
			return errRecordContent
		}
	}
	return nil
}

// record splits the next record off x: its format and its body.
func record(x *xdr) (format uint32, body xdr, err error) {
	format, length := x.u32(), x.u32()
	if x.short {
		return 0, body, errShortRecord
	}
	if uint64(length) > uint64(len(x.b)) {
		return 0, body, errRecordLength
	}
	body = xdr{b: x.b[:length:length]}
	x.b = x.b[length:]
	return format, body, nil
}
