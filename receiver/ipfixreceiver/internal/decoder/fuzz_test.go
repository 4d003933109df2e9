// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"encoding/binary"
	"maps"
	"slices"
	"testing"
	"time"
)

// fuzzConfig keeps limits small so the fuzzer also exercises them.
func fuzzConfig() Config {
	return Config{MaxExporters: 4, MaxTemplatesPerExporter: 16, MaxFieldsPerTemplate: 64,
		PendingMaxRecords: 64, PendingMaxBytes: 4096, PendingMaxAge: time.Second, NetflowCopies: true,
		TemplateTimeout: time.Minute, ScaleBySampling: true}
}

// capturePackets returns every capture datagram of the given version, templates first.
func capturePackets(tb testing.TB, version uint16) []Packet {
	var out []Packet
	for _, r := range allReplays(tb) {
		for _, p := range r.packets {
			if len(p.Data) >= 2 && binary.BigEndian.Uint16(p.Data) == version {
				out = append(out, p)
			}
		}
	}
	return out
}

// fuzzDecode primes a Decoder with the version's capture packets (so data sets find templates),
// then decodes the input twice (the second time as a late or repeated packet) and checks
// the invariants: no panic, Records matches what the batch holds, state within the limits.
func fuzzDecode(f *testing.F, version uint16) {
	seeds := capturePackets(f, version)
	for _, p := range seeds {
		f.Add(p.Data)
	}
	cfg := fuzzConfig()
	primed := New(cfg)
	for _, p := range seeds {
		_, _ = primed.Decode(Packet{Exporter: rawExporter, Received: baseTime, Data: p.Data}, NewLogsBuilder())
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d := primed.clone()
		b := NewLogsBuilder()
		before := b.Len()
		total := 0
		for i := 0; i < 2; i++ {
			st, _ := d.Decode(Packet{Exporter: rawExporter, Received: baseTime.Add(time.Second), Data: data}, b)
			total += st.Records
		}
		if b.Len()-before != total {
			t.Fatalf("batch grew by %d, stats say %d", b.Len()-before, total)
		}
		s := d.Gauges()
		if s.Exporters > cfg.MaxExporters || s.Templates > cfg.MaxExporters*cfg.MaxTemplatesPerExporter {
			t.Fatalf("state over limits: %+v", s)
		}
		d.Expire(baseTime.Add(time.Hour))
		state, err := d.MarshalState()
		if err != nil {
			t.Fatal(err)
		}
		if err := New(cfg).RestoreState(state); err != nil {
			t.Fatalf("restore own state: %v", err)
		}
		_ = b.Take()
	})
}

// clone deep-copies the decoder state, so every fuzz input starts from the same primed state
// without paying for decoding the seeds again.
func (d *Decoder) clone() *Decoder {
	n := New(d.cfg)
	for _, e := range d.exporters {
		c := *e
		c.templates = make(map[uint16]*template, len(e.templates))
		for id, t := range e.templates {
			tc := *t
			c.templates[id] = &tc
		}
		c.samplers, c.ifNames = maps.Clone(e.samplers), maps.Clone(e.ifNames)
		c.seq.gaps = slices.Clone(e.seq.gaps)
		c.pending.sets = slices.Clone(e.pending.sets)
		n.insert(&c)
	}
	return n
}

func FuzzDecodeV5(f *testing.F)    { fuzzDecode(f, 5) }
func FuzzDecodeV9(f *testing.F)    { fuzzDecode(f, 9) }
func FuzzDecodeIPFIX(f *testing.F) { fuzzDecode(f, 10) }
