// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"go.opentelemetry.io/collector/pdata/plog"
)

// Two exporters behind one address (two processes on one host, two hosts behind one NAT), both
// in observation domain 0 with template ID 256 but different layouts: the issue's case.
var (
	sessionA = netip.MustParseAddrPort("127.0.0.1:40001")
	sessionB = netip.MustParseAddrPort("127.0.0.1:40002")
	// layoutA: addresses, ports and protocol first, 8-byte counters.
	layoutA = []fieldSpec{{ID: 8, Length: 4}, {ID: 12, Length: 4}, {ID: 7, Length: 2}, {ID: 11, Length: 2},
		{ID: 4, Length: 1}, {ID: 1, Length: 8}, {ID: 2, Length: 8}}
	// layoutB: the same elements in another order, 4-byte counters.
	layoutB = []fieldSpec{{ID: 2, Length: 4}, {ID: 1, Length: 4}, {ID: 4, Length: 1}, {ID: 12, Length: 4},
		{ID: 8, Length: 4}, {ID: 11, Length: 2}, {ID: 7, Length: 2}}
)

// sessionFlow is one flow record and what the decoder must make of it.
type sessionFlow struct {
	src, dst       string
	sport, dport   uint16
	proto          uint8
	bytes, packets uint64
}

var (
	flowA = sessionFlow{"192.0.2.1", "198.51.100.1", 40000, 443, 6, 1111, 11}
	flowB = sessionFlow{"203.0.113.5", "198.51.100.9", 5353, 53, 17, 2222, 22}
)

func (f sessionFlow) recordA() []byte {
	s, d := netip.MustParseAddr(f.src).As4(), netip.MustParseAddr(f.dst).As4()
	return cat(s[:], d[:], be16(f.sport), be16(f.dport), []byte{f.proto},
		be32(0), be32(uint32(f.bytes)), be32(0), be32(uint32(f.packets)))
}

func (f sessionFlow) recordB() []byte {
	s, d := netip.MustParseAddr(f.src).As4(), netip.MustParseAddr(f.dst).As4()
	return cat(be32(uint32(f.packets)), be32(uint32(f.bytes)), []byte{f.proto}, d[:], s[:], be16(f.dport), be16(f.sport))
}

// sessionMessages builds the messages of the issue's case in one protocol: both templates
// first, then the data of each session.
type sessionMessages struct {
	templateA, templateB, dataA, dataB []byte
}

func issueCase(version uint16) sessionMessages {
	if version == 9 {
		v9Tmpl := func(fields []fieldSpec) []byte {
			return set(0, cat(be16(256), be16(uint16(len(fields))), fieldBytes(fields, false)))
		}
		return sessionMessages{
			templateA: v9Msg(0, 0, 5000, v9Tmpl(layoutA)),
			templateB: v9Msg(0, 0, 9000, v9Tmpl(layoutB)),
			dataA:     v9Msg(0, 1, 5001, set(256, flowA.recordA())),
			dataB:     v9Msg(0, 1, 9001, set(256, flowB.recordB())),
		}
	}
	return sessionMessages{
		templateA: ipfixMsg(0, 0, set(2, tmplRec(256, layoutA...))),
		templateB: ipfixMsg(0, 0, set(2, tmplRec(256, layoutB...))),
		dataA:     ipfixMsg(0, 0, set(256, flowA.recordA())),
		dataB:     ipfixMsg(0, 0, set(256, flowB.recordB())),
	}
}

// flowsByExporter returns each resource's records as flows, keyed by netflow.exporter.address.
func flowsByExporter(logs plog.Logs) map[string][]sessionFlow {
	out := map[string][]sessionFlow{}
	for _, rl := range logs.ResourceLogs().All() {
		exp, _ := rl.Resource().Attributes().Get("netflow.exporter.address")
		for _, sl := range rl.ScopeLogs().All() {
			for _, lr := range sl.LogRecords().All() {
				a := lr.Attributes()
				str := func(k string) string { v, _ := a.Get(k); return v.AsString() }
				num := func(k string) int64 { v, _ := a.Get(k); return v.Int() }
				out[exp.Str()] = append(out[exp.Str()], sessionFlow{str("source.ip"), str("destination.ip"),
					uint16(num("source.port")), uint16(num("destination.port")), uint8(num("network.iana_number")),
					uint64(num("source.bytes")), uint64(num("source.packets"))})
			}
		}
	}
	return out
}

// TestSessionsOfOneAddressKeepTheirTemplates: templates are scoped by transport session
// (RFC 7011 section 8, RFC 3954 section 5.1), so exporter A's data is decoded with A's template
// although B defined the same ID on the same address and domain since.
func TestSessionsOfOneAddressKeepTheirTemplates(t *testing.T) {
	for _, version := range []uint16{9, 10} {
		t.Run(fmt.Sprintf("v%d", version), func(t *testing.T) {
			m := issueCase(version)
			d, b := New(testConfig()), NewLogsBuilder()
			decodeFrom(t, d, b, sessionA, baseTime, m.templateA)
			decodeFrom(t, d, b, sessionB, baseTime, m.templateB)
			st := decodeFrom(t, d, b, sessionA, baseTime, m.dataA)
			st.Add(decodeFrom(t, d, b, sessionB, baseTime, m.dataB))
			assert.Equal(t, 2, st.Records)
			assert.Equal(t, map[string][]sessionFlow{
				sessionA.String(): {flowA},
				sessionB.String(): {flowB},
			}, flowsByExporter(b.Take()))
			assert.Equal(t, Gauges{Exporters: 2, Templates: 2}, d.Gauges())
		})
	}
}

// TestKeyByAddressSharesTemplatesAcrossPorts: keyed by address, a template learned from one
// source port decodes data from another (devices that spread one session over several ports),
// and a second exporter on the address redefines the first one's template: the trade-off.
func TestKeyByAddressSharesTemplatesAcrossPorts(t *testing.T) {
	m := issueCase(10)
	other := netip.AddrPortFrom(sessionA.Addr(), sessionA.Port()+7)

	cfg := testConfig()
	cfg.KeyByAddress = true
	d, b := New(cfg), NewLogsBuilder()
	decodeFrom(t, d, b, sessionA, baseTime, m.templateA)
	assert.Equal(t, 1, decodeFrom(t, d, b, other, baseTime, m.dataA).Records, "any port of the address")
	decodeFrom(t, d, b, sessionB, baseTime, m.templateB)
	decodeFrom(t, d, b, sessionA, baseTime, m.dataA)
	got := flowsByExporter(b.Take())
	assert.Equal(t, []sessionFlow{flowA}, got[other.String()])
	assert.NotEqual(t, []sessionFlow{flowA}, got[sessionA.String()], "A's data read with B's template")

	d, b = New(testConfig()), NewLogsBuilder()
	decodeFrom(t, d, b, sessionA, baseTime, m.templateA)
	st := decodeFrom(t, d, b, other, baseTime, m.dataA)
	assert.Zero(t, st.Records, "keyed by session, another port waits for its own template")
	assert.Positive(t, d.Gauges().PendingRecords)
}

// TestSequenceLossOfSessionsSharingAnAddress: four exporters on one address, each numbering its
// own messages, interleaved. Each session's gaps are its own, so the loss counted is exactly
// the records (v9: packets) of the dropped messages, and nothing looks like a restart.
func TestSequenceLossOfSessionsSharingAnAddress(t *testing.T) {
	for _, s := range []seqStream{{version: 10, records: 10}, {version: 9, records: 10}, {version: 5, records: 30}} {
		t.Run(fmt.Sprintf("v%d", s.version), func(t *testing.T) {
			d, b := New(testConfig()), NewLogsBuilder()
			var st Stats
			at := baseTime
			decode := func(port uint16, msg []byte) {
				src := netip.AddrPortFrom(sessionA.Addr(), port)
				st.Add(decodeFrom(t, d, b, src, at, msg))
				at = at.Add(time.Millisecond)
			}
			const sessions, sent = 4, 200
			for p := range uint16(sessions) {
				if tpl := s.template(1000); tpl != nil {
					decode(3000+p, tpl)
				}
			}
			dropped := 0
			for i := range sent {
				for p := range uint16(sessions) {
					// Each session loses different messages: every (5+p)th, but not its last
					// (a loss at the end of a stream shows in no later message).
					if i%(5+int(p)) == 3 && i < sent-1 {
						dropped++
						continue
					}
					decode(3000+p, s.data(i, 1000+uint32(i)))
				}
			}
			st.Add(d.Expire(at.Add(2 * reorderTimeout)))
			assert.Equal(t, int64(dropped)*s.units(), st.LostRecords)
			assert.Zero(t, st.SequenceResets)
			assert.Equal(t, (sessions*sent-dropped)*s.records, st.Records)
		})
	}
}

// TestSourcePortSprayIsBounded: packets from ever new source ports of one address create
// exporters up to MaxExportersPerAddress; beyond it they are dropped and counted, and other
// addresses are still served.
func TestSourcePortSprayIsBounded(t *testing.T) {
	cfg := testConfig()
	cfg.MaxExportersPerAddress = 4
	d, b := New(cfg), NewLogsBuilder()
	tpl := ipfixMsg(1, 0, set(2, tmplRec(300, simpleFields...)))
	var st Stats
	for port := range uint16(1000) {
		st.Add(decodeFrom(t, d, b, netip.AddrPortFrom(sessionA.Addr(), 1024+port), baseTime, tpl))
	}
	assert.Equal(t, Gauges{Exporters: 4, Templates: 4}, d.Gauges())
	assert.Equal(t, 996, st.Dropped[DropLimit])
	decodeFrom(t, d, b, netip.MustParseAddrPort("192.0.2.77:2055"), baseTime, tpl)
	assert.Equal(t, 5, d.Gauges().Exporters, "another address is not crowded out")
}

// TestRestartFromNewPortReplacesSilentSession: an exporter that restarts sends from a new source
// port. At MaxExportersPerAddress the new session takes the place of the longest-silent one
// once that has been silent for idleEviction; below the limit the old session is forgotten by
// Expire once its templates time out.
func TestRestartFromNewPortReplacesSilentSession(t *testing.T) {
	cfg := testConfig()
	cfg.MaxExportersPerAddress = 1
	cfg.TemplateTimeout = 10 * time.Minute
	d, b := New(cfg), NewLogsBuilder()
	m := issueCase(10)
	decodeFrom(t, d, b, sessionA, baseTime, m.templateA)
	st := decodeFrom(t, d, b, sessionB, baseTime.Add(idleEviction/2), m.templateB, m.dataB)
	assert.Equal(t, 2, st.Dropped[DropLimit], "A is still recent")
	st = decodeFrom(t, d, b, sessionB, baseTime.Add(2*idleEviction), m.templateB, m.dataB)
	assert.Equal(t, 1, st.Records)
	assert.Equal(t, Gauges{Exporters: 1, Templates: 1}, d.Gauges())
	assert.Equal(t, []sessionFlow{flowB}, flowsByExporter(b.Take())[sessionB.String()])

	cfg.MaxExportersPerAddress = 0
	d = New(cfg)
	decodeFrom(t, d, b, sessionA, baseTime, m.templateA)
	decodeFrom(t, d, b, sessionB, baseTime.Add(time.Minute), m.templateB)
	d.Expire(baseTime.Add(cfg.TemplateTimeout + 30*time.Second))
	assert.Equal(t, Gauges{Exporters: 2, Templates: 1}, d.Gauges(), "A's template timed out, B's not yet")
	decodeFrom(t, d, b, sessionB, baseTime.Add(40*time.Minute), m.templateB)
	d.Expire(baseTime.Add(41 * time.Minute))
	assert.Equal(t, Gauges{Exporters: 1, Templates: 1}, d.Gauges(), "A forgotten once silent for 30 minutes")
}
