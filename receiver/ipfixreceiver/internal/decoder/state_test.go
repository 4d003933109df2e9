// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"fmt"
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// MarshalState encodes the Decoder's state as a document of its own, as a receiver with one
// worker stores it.
func (d *Decoder) MarshalState() ([]byte, error) { return EncodeState(d.SaveState()) }

// RestoreState replaces the Decoder's state with a saved one, as a receiver with one worker
// restores it; on error the Decoder is empty.
func (d *Decoder) RestoreState(data []byte) error {
	d.resetExporters()
	s, err := ParseState(data)
	if err != nil {
		return err
	}
	d.MergeState(s, nil)
	return nil
}

// learnAt decodes msg from exporter at time at, so templates carry that learned time.
func learnAt(t *testing.T, d *Decoder, exporter string, at time.Time, msg []byte) Stats {
	t.Helper()
	st, err := d.Decode(Packet{Exporter: netip.MustParseAddrPort(exporter), Received: at, Data: msg}, NewLogsBuilder())
	require.NoError(t, err)
	return st
}

func parsedState(t *testing.T, d *Decoder) *SavedState {
	t.Helper()
	blob, err := d.MarshalState()
	require.NoError(t, err)
	s, err := ParseState(blob)
	require.NoError(t, err)
	return s
}

// A state saved by one Decoder is split over others by exporter address, the way a receiver
// re-shards it when its number of workers changed.
func TestMergeStateReshards(t *testing.T) {
	src := New(testConfig())
	tpl := ipfixMsg(1, 0, set(2, tmplRec(300, simpleFields...)))
	learnAt(t, src, "10.0.0.1:2055", baseTime, tpl)
	learnAt(t, src, "10.0.0.2:2055", baseTime, tpl)
	saved := parsedState(t, src)

	only := func(addr string) func(netip.Addr) bool {
		return func(a netip.Addr) bool { return a == netip.MustParseAddr(addr) }
	}
	x, y := New(testConfig()), New(testConfig())
	x.MergeState(saved, only("10.0.0.1"))
	y.MergeState(saved, only("10.0.0.2"))
	assert.Equal(t, Gauges{Exporters: 1, Templates: 1}, x.Gauges())
	assert.Equal(t, Gauges{Exporters: 1, Templates: 1}, y.Gauges())

	data := ipfixMsg(1, 1, set(300, simpleRecord("10.9.0.1", "10.9.0.2", 1, 2, 3)))
	assert.Equal(t, 1, learnAt(t, x, "10.0.0.1:2055", baseTime, data).Records, "x owns 10.0.0.1")
	assert.Zero(t, learnAt(t, x, "10.0.0.2:2055", baseTime, data).Records, "x does not own 10.0.0.2")
	assert.Equal(t, 1, learnAt(t, y, "10.0.0.2:2055", baseTime, data).Records, "y owns 10.0.0.2")

	// Merging the same state again adds nothing.
	x.MergeState(saved, only("10.0.0.1"))
	assert.Equal(t, 1, x.Gauges().Templates)
}

// When two blobs know the same exporter, the template learned last wins, in either order, and
// options state is filled in, never overwritten.
func TestMergeStateNewestTemplateWins(t *testing.T) {
	const exp = "10.0.0.1:2055"
	older, newer := New(testConfig()), New(testConfig())
	learnAt(t, older, exp, baseTime, ipfixMsg(1, 0, set(2, tmplRec(300, fieldSpec{ID: 8, Length: 4}))))
	learnAt(t, newer, exp, baseTime.Add(time.Minute), ipfixMsg(1, 0, set(2, tmplRec(300, simpleFields...))))
	older.exporters[exporterKey{addr: netip.MustParseAddr("10.0.0.1"), port: 2055, version: 10, domain: 1}].ifNames = map[uint32]string{1: "old1", 2: "old2"}
	newer.exporters[exporterKey{addr: netip.MustParseAddr("10.0.0.1"), port: 2055, version: 10, domain: 1}].ifNames = map[uint32]string{1: "new1", 3: "new3"}
	blobs := []*SavedState{parsedState(t, older), parsedState(t, newer)}
	data := ipfixMsg(1, 1, set(300, simpleRecord("10.9.0.1", "10.9.0.2", 1, 2, 3)))

	for _, order := range [][]int{{0, 1}, {1, 0}} {
		d := New(testConfig())
		for _, i := range order {
			d.MergeState(blobs[i], nil)
		}
		assert.Equal(t, Gauges{Exporters: 1, Templates: 1}, d.Gauges())
		assert.Equal(t, 1, learnAt(t, d, exp, baseTime, data).Records, "order %v: the 37-byte template decodes one record", order)
		names := d.exporters[exporterKey{addr: netip.MustParseAddr("10.0.0.1"), port: 2055, version: 10, domain: 1}].ifNames
		assert.Len(t, names, 3, "order %v", order)
		assert.Equal(t, blobs[order[0]] == blobs[0], names[1] == "old1", "order %v: the first blob's name stays", order)
	}
}

// Limits apply to merged state as to live state.
func TestMergeStateLimits(t *testing.T) {
	src := New(testConfig())
	learnAt(t, src, "10.0.0.1:2055", baseTime, ipfixMsg(1, 0, set(2, tmplRec(300, simpleFields...), tmplRec(301, simpleFields[:2]...))))
	learnAt(t, src, "10.0.0.2:2055", baseTime, ipfixMsg(1, 0, set(2, tmplRec(300, simpleFields...))))
	saved := parsedState(t, src)

	cfg := testConfig()
	cfg.MaxExporters, cfg.MaxTemplatesPerExporter = 1, 1
	d := New(cfg)
	d.MergeState(saved, nil)
	assert.Equal(t, Gauges{Exporters: 1, Templates: 1}, d.Gauges())

	cfg = testConfig()
	cfg.MaxFieldsPerTemplate = 4 // lowered since the save: the 8-field template is left out
	d = New(cfg)
	d.MergeState(saved, nil)
	assert.Equal(t, Gauges{Exporters: 2, Templates: 1}, d.Gauges())
}

// An exporter known only by its options data (sampling, interface names, system init time)
// survives a restore until it has been silent for the idle time, as it would have without the
// restart.
func TestRestoredOptionsOnlyExporterExpiresWhenIdle(t *testing.T) {
	cfg := testConfig()
	cfg.TemplateTimeout = time.Second
	src := New(cfg)
	optTpl := optTmplRec(400, 1, fieldSpec{ID: 144, Length: 4}, fieldSpec{ID: 34, Length: 4})
	learnAt(t, src, "10.0.0.1:2055", baseTime, ipfixMsg(1, 0, set(3, optTpl), set(400, cat(be32(1), be32(100)))))
	src.Expire(baseTime.Add(2 * time.Second)) // the options template times out, its data stays
	require.Equal(t, Gauges{Exporters: 1}, src.Gauges(), "options state only")

	d := New(testConfig())
	d.MergeState(parsedState(t, src), nil)
	d.Expire(baseTime.Add(time.Minute))
	assert.Equal(t, 1, d.Gauges().Exporters, "kept shortly after the restore")
	d.Expire(baseTime.Add(31 * time.Minute))
	assert.Zero(t, d.Gauges().Exporters, "forgotten once idle")
}

// oldStateBlob is what the receiver saved before exporters were keyed by transport session
// (state version 1, no port), made by that version's MarshalState after sessionA sent
// issueCase(10).templateA and an options template with a sampling interval of 100.
const oldStateBlob = `{"version":1,"exporters":[{"addr":"127.0.0.1","version":10,"domain":0,"templates":[` +
	`{"id":256,"learned":"2026-01-02T03:04:05Z","fields":[{"i":8,"l":4},{"i":12,"l":4},{"i":7,"l":2},{"i":11,"l":2},{"i":4,"l":1},{"i":1,"l":8},{"i":2,"l":8}]},` +
	`{"id":400,"scope_count":1,"options":true,"learned":"2026-01-02T03:04:05Z","fields":[{"i":144,"l":4},{"i":34,"l":4}]}],` +
	`"samplers":{"18446744073709551615":100},"last_seen":"2026-01-02T03:04:05Z"}]}`

// State saved per address goes to the first session of that address, version and domain: the
// exporter that kept its source port across the receiver's upgrade decodes at once; another
// session on the address does not inherit templates that may not be its own.
func TestRestoreAddressKeyedState(t *testing.T) {
	m := issueCase(10)
	d, b := New(testConfig()), NewLogsBuilder()
	require.NoError(t, d.RestoreState([]byte(oldStateBlob)))
	assert.Equal(t, Gauges{Exporters: 1, Templates: 2}, d.Gauges())

	st := decodeFrom(t, d, b, sessionA, baseTime.Add(time.Minute), m.dataA)
	assert.Equal(t, 1, st.Records)
	assert.Equal(t, []sessionFlow{flowA}, flowsByExporter(b.Take())[sessionA.String()])
	assert.Equal(t, uint32(100), d.exporters[d.keyOf(sessionA, 10, 0)].sampling(0, false), "options state too")
	st = decodeFrom(t, d, b, sessionB, baseTime.Add(time.Minute), m.dataB)
	assert.Zero(t, st.Records, "B waits for its own template")
	assert.Equal(t, Gauges{Exporters: 2, Templates: 2, PendingRecords: 1}, d.Gauges())

	// Keyed by address, the old state is the address's as before.
	cfg := testConfig()
	cfg.KeyByAddress = true
	d = New(cfg)
	require.NoError(t, d.RestoreState([]byte(oldStateBlob)))
	assert.Equal(t, 1, decodeFrom(t, d, b, sessionB, baseTime, m.dataA).Records)
}

// Unclaimed address state is saved again as it was, and times out like any template.
func TestUnclaimedAddressStateIsKeptThenExpires(t *testing.T) {
	cfg := testConfig()
	cfg.TemplateTimeout = time.Hour
	d := New(cfg)
	require.NoError(t, d.RestoreState([]byte(oldStateBlob)))
	again := New(cfg)
	again.MergeState(parsedState(t, d), nil)
	assert.Equal(t, Gauges{Exporters: 1, Templates: 2}, again.Gauges())
	assert.Len(t, again.unclaimed, 1)

	again.Expire(baseTime.Add(30 * time.Minute))
	assert.Equal(t, Gauges{Exporters: 1, Templates: 2}, again.Gauges(), "within the template timeout")
	again.Expire(baseTime.Add(2 * time.Hour))
	assert.Equal(t, Gauges{}, again.Gauges(), "timed out and idle")
}

// Saved and restored, two sessions of one address keep their own templates.
func TestStateKeepsSessionsApart(t *testing.T) {
	for _, version := range []uint16{9, 10} {
		t.Run(fmt.Sprintf("v%d", version), func(t *testing.T) {
			m := issueCase(version)
			src := New(testConfig())
			decodeFrom(t, src, NewLogsBuilder(), sessionA, baseTime, m.templateA)
			decodeFrom(t, src, NewLogsBuilder(), sessionB, baseTime, m.templateB)
			blob, err := src.MarshalState()
			require.NoError(t, err)
			assert.Contains(t, string(blob), `"port":40001`)

			d, b := New(testConfig()), NewLogsBuilder()
			require.NoError(t, d.RestoreState(blob))
			decodeFrom(t, d, b, sessionB, baseTime, m.dataB)
			decodeFrom(t, d, b, sessionA, baseTime, m.dataA)
			assert.Equal(t, map[string][]sessionFlow{sessionA.String(): {flowA}, sessionB.String(): {flowB}},
				flowsByExporter(b.Take()))
		})
	}
}

// A receiver switched to keying by address merges the saved sessions of an address: the
// template learned last wins.
func TestKeyByAddressMergesSavedSessions(t *testing.T) {
	m := issueCase(10)
	src := New(testConfig())
	decodeFrom(t, src, NewLogsBuilder(), sessionA, baseTime, m.templateA)
	decodeFrom(t, src, NewLogsBuilder(), sessionB, baseTime.Add(time.Second), m.templateB)
	cfg := testConfig()
	cfg.KeyByAddress = true
	d, b := New(cfg), NewLogsBuilder()
	d.MergeState(parsedState(t, src), nil)
	assert.Equal(t, Gauges{Exporters: 1, Templates: 1}, d.Gauges())
	decodeFrom(t, d, b, sessionA, baseTime, m.dataB)
	assert.Equal(t, []sessionFlow{flowB}, flowsByExporter(b.Take())[sessionA.String()])
}

// TestApplicationNamesSurviveARestart: the names NBAR options data gave applicationIds are
// saved with the templates, so the first flows after a restart are named without waiting for
// the exporter's next options data (Cisco sends it every few minutes to half an hour).
func TestApplicationNamesSurviveARestart(t *testing.T) {
	var pkts []Packet
	for i, f := range []string{"netflow9_test_cisco_nbar_opttpl260.dat", "netflow9_test_cisco_nbar_tpl262.dat", "netflow9_test_cisco_nbar_data262.dat"} {
		pkts = append(pkts, rawPacket(t, "logstash-codec-netflow/"+f, i))
	}
	named := func(d *Decoder, data Packet) int {
		b := NewLogsBuilder()
		_, err := d.Decode(data, b)
		require.NoError(t, err)
		n := 0
		for _, lr := range flatRecords(b.Take()) {
			if _, ok := lr.Attributes().Get("netflow.application_name"); ok {
				n++
			}
		}
		return n
	}
	before := New(testConfig())
	b := NewLogsBuilder()
	for _, p := range pkts[:2] {
		_, err := before.Decode(p, b)
		require.NoError(t, err)
	}
	blob, err := before.MarshalState()
	require.NoError(t, err)

	after := New(testConfig())
	require.NoError(t, after.RestoreState(blob))
	want := named(before, pkts[2])
	require.Positive(t, want)
	assert.Equal(t, want, named(after, pkts[2]), "flows named from restored options data")
}
