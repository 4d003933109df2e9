// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"encoding/binary"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/pmetric"
)

// enc writes XDR as an sFlow agent does; tests build the structures no
// capture at hand carries (counters, expanded samples, gateway, user, URL).
type enc struct{ b []byte }

func (e *enc) u32(vs ...uint32) *enc {
	for _, v := range vs {
		e.b = binary.BigEndian.AppendUint32(e.b, v)
	}
	return e
}

func (e *enc) u64(v uint64) *enc { e.b = binary.BigEndian.AppendUint64(e.b, v); return e }

func (e *enc) opaque(b []byte) *enc {
	e.u32(uint32(len(b)))
	e.b = append(e.b, b...)
	for len(e.b)%4 != 0 {
		e.b = append(e.b, 0)
	}
	return e
}

func (e *enc) addr(a netip.Addr) *enc {
	if a.Is4() {
		e.u32(1)
	} else {
		e.u32(2)
	}
	e.b = append(e.b, a.AsSlice()...)
	return e
}

// item is a sample or record: format, length, body.
func item(format uint32, body []byte) []byte {
	e := (&enc{}).u32(format, uint32(len(body)))
	return append(e.b, body...)
}

// datagram builds an sFlow v5 datagram around samples.
func datagram(agent netip.Addr, subAgent, seq, uptime uint32, samples ...[]byte) []byte {
	e := (&enc{}).u32(5).addr(agent).u32(subAgent, seq, uptime, uint32(len(samples)))
	for _, s := range samples {
		e.b = append(e.b, s...)
	}
	return e.b
}

// flowSample builds a compact flow sample (format 1) around records.
func flowSample(seq, source, rate, pool, drops, in, out uint32, records ...[]byte) []byte {
	e := (&enc{}).u32(seq, source, rate, pool, drops, in, out, uint32(len(records)))
	for _, r := range records {
		e.b = append(e.b, r...)
	}
	return item(formatFlowSample, e.b)
}

// genericCounters builds an if_counters record.
func genericCounters(index uint32, speed, inOctets, outOctets uint64, status uint32) []byte {
	e := (&enc{}).u32(index, 6).u64(speed).u32(1, status).u64(inOctets).u32(10, 2, 1, 3, 4, 5).
		u64(outOctets).u32(20, 6, 7, 8, 9, 0)
	return item(counterGenericInterface, e.b)
}

func decodeAll(t testing.TB, d *Decoder, datagrams ...[]byte) (plog.Logs, pmetric.Metrics, Stats) {
	t.Helper()
	b := NewBatch()
	var total Stats
	for _, dg := range datagrams {
		st, err := d.Decode(Datagram{Exporter: netip.MustParseAddrPort("192.0.2.1:6343"), Received: time.Unix(1700000000, 0), Data: dg}, b)
		if err != nil {
			t.Fatalf("decode: %v", err)
		}
		total.add(&st)
	}
	logs, _, metrics, _ := b.Take()
	return logs, metrics, total
}

// add sums o into s field by field: every field of Stats is a count.
func (s *Stats) add(o *Stats) {
	sv, ov := reflect.ValueOf(s).Elem(), reflect.ValueOf(o).Elem()
	for i := range sv.NumField() {
		sv.Field(i).SetInt(sv.Field(i).Int() + ov.Field(i).Int())
	}
}

func testConfig() Config {
	return Config{MaxAgents: 16, MaxSourcesPerAgent: 16, MaxSamplesPerDatagram: 256, MaxRecordsPerSample: 64, AgentTimeout: time.Hour}
}

// captureSet reads the datagrams of one testdata/pmacct-sfprobe set in order.
func captureSet(t testing.TB, name string) [][]byte {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "pmacct-sfprobe", name, "datagram*.bin"))
	if err != nil || len(files) == 0 {
		t.Fatalf("capture set %s: %v", name, err)
	}
	sort.Slice(files, func(i, j int) bool {
		return len(files[i]) < len(files[j]) || len(files[i]) == len(files[j]) && files[i] < files[j]
	})
	out := make([][]byte, len(files))
	for i, f := range files {
		if out[i], err = os.ReadFile(f); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

var captureSets = []string{"rate1-ipv4agent", "rate3-ipv4agent"}

// flatRecords lists the log records of logs in order.
func flatRecords(logs plog.Logs) []plog.LogRecord {
	var out []plog.LogRecord
	for i := range logs.ResourceLogs().Len() {
		sl := logs.ResourceLogs().At(i).ScopeLogs()
		for j := range sl.Len() {
			lrs := sl.At(j).LogRecords()
			for k := range lrs.Len() {
				out = append(out, lrs.At(k))
			}
		}
	}
	return out
}
