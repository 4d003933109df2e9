// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

// mplsSectionKeys are the per-section attributes, by stack position.
var mplsSectionKeys = func() map[string]bool {
	m := map[string]bool{"netflow.mpls_top_label_stack_section": true}
	for i := 2; i <= 10; i++ {
		m["netflow.mpls_label_stack_section"+strconv.Itoa(i)] = true
	}
	return m
}()

// TestMPLSAgainstTshark decodes every capture carrying MPLS label stack sections (Cisco IOS XR
// and IPFIX from pmacct's test suite, a Ubiquiti EdgeRouter) and compares, frame by frame, each
// section's label with tshark's cflow.mpls_label, and our stack (labels, traffic classes,
// bottom-of-stack) with tshark's cflow.mpls_label/_exp/_bos cut by the same rule.
func TestMPLSAgainstTshark(t *testing.T) {
	testutil.RequireTool(t, "tshark")
	dir := t.TempDir()
	entries := 0
	for _, r := range allReplays(t) {
		pkts := splitMessages(r.packets)
		if !carriesMPLS(t, pkts) {
			continue
		}
		t.Run(r.name, func(t *testing.T) {
			path := filepath.Join(dir, r.name+".pcap")
			writeCapturePcap(t, path, pkts)
			theirs := runTsharkFields(t, path, []string{"cflow.mpls_label", "cflow.mpls_exp", "cflow.mpls_bos"})
			require.Len(t, theirs, len(pkts))
			d := New(testConfig())
			for i, p := range pkts {
				b := NewLogsBuilder()
				_, _ = d.Decode(p, b)
				pos := 0
				for _, lr := range flatRecords(b.Take()) {
					a := lr.Attributes()
					sections := sectionLabels(a)
					if len(sections) == 0 {
						continue
					}
					require.LessOrEqual(t, pos+len(sections), len(theirs[i][0]), "frame %d", i+1)
					assert.Equal(t, theirs[i][0][pos:pos+len(sections)], sections, "frame %d labels", i+1)
					var want [3][]string
					for k := pos; k < pos+len(sections); k++ {
						if theirs[i][0][k] == "0" && theirs[i][1][k] == "0" && theirs[i][2][k] == "0" {
							break
						}
						for f := range want {
							want[f] = append(want[f], theirs[i][f][k])
						}
						if theirs[i][2][k] == "1" {
							break
						}
					}
					assert.Equal(t, want, stackStrings(a), "frame %d stack", i+1)
					entries += len(want[0])
					pos += len(sections)
				}
			}
		})
	}
	t.Logf("%d label stack entries agree with tshark", entries)
	require.Greater(t, entries, 100, "the comparison must cover the MPLS captures")
}

func carriesMPLS(t *testing.T, pkts []Packet) bool {
	d := New(testConfig())
	b := NewLogsBuilder()
	for _, p := range pkts {
		_, _ = d.Decode(p, b)
	}
	for _, lr := range flatRecords(b.Take()) {
		if len(sectionLabels(lr.Attributes())) > 0 {
			return true
		}
	}
	return false
}

// sectionLabels lists the per-section labels in attribute (template) order.
func sectionLabels(a pcommon.Map) []string {
	var out []string
	for k, v := range a.All() {
		if mplsSectionKeys[k] {
			out = append(out, v.AsString())
		}
	}
	return out
}

// stackStrings renders our stack as tshark does: numbers, bottom-of-stack as 0/1.
func stackStrings(a pcommon.Map) [3][]string {
	var out [3][]string
	for f, key := range []string{"netflow.mpls_label_stack", "netflow.mpls_label_stack_exp", "netflow.mpls_label_stack_bos"} {
		v, ok := a.Get(key)
		if !ok {
			continue
		}
		for _, e := range v.Slice().All() {
			s := e.AsString()
			s = strings.NewReplacer("true", "1", "false", "0").Replace(s)
			out[f] = append(out[f], s)
		}
	}
	return out
}

// A two-entry stack: label 16 (traffic class 5) over label 1000 marked bottom-of-stack; the
// third section is zero-filled and is not part of the stack.
func TestMPLSStack(t *testing.T) {
	d := New(testConfig())
	b := NewLogsBuilder()
	tpl := tmplRec(300, append([]fieldSpec{{ID: 70, Length: 3}, {ID: 71, Length: 3}, {ID: 72, Length: 3}}, simpleFields[:7]...)...)
	entry := func(label, tc uint32, bos bool) []byte {
		e := label<<4 | tc<<1
		if bos {
			e |= 1
		}
		return []byte{byte(e >> 16), byte(e >> 8), byte(e)}
	}
	rec := cat(entry(16, 5, false), entry(1000, 0, true), []byte{0, 0, 0}, simpleRecord("10.0.0.1", "10.0.0.2", 1000, 80, 5)[:29])
	decodeAll(t, d, b, ipfixMsg(1, 0, set(2, tpl), set(300, rec)))
	a := flatRecords(b.Take())[0].Attributes()
	assert.Equal(t, []any{int64(16), int64(1000)}, attr(t, a, "netflow.mpls_label_stack"))
	assert.Equal(t, []any{int64(5), int64(0)}, attr(t, a, "netflow.mpls_label_stack_exp"))
	assert.Equal(t, []any{false, true}, attr(t, a, "netflow.mpls_label_stack_bos"))
	assert.Equal(t, int64(16), attr(t, a, "netflow.mpls_top_label"))
	assert.Equal(t, int64(1000), attr(t, a, "netflow.mpls_label_stack_section2"))
	assert.Equal(t, int64(0), attr(t, a, "netflow.mpls_label_stack_section3"))
}
