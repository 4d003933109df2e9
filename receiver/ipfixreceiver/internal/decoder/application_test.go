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

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

// The Cisco NBAR capture: options data naming applicationIds (template 260), then flows
// carrying applicationIds (template 262) from the same exporter. Engine, selector and the
// joined name are checked against tshark's dissection of the same packets: the names come from
// tshark's reading of the options records, the IDs from its reading of the flows.
func TestApplicationNamesAgainstTshark(t *testing.T) {
	testutil.RequireTool(t, "tshark")
	var pkts []Packet
	for i, f := range []string{"netflow9_test_cisco_nbar_opttpl260.dat", "netflow9_test_cisco_nbar_tpl262.dat", "netflow9_test_cisco_nbar_data262.dat"} {
		pkts = append(pkts, rawPacket(t, "logstash-codec-netflow/"+f, i))
	}
	path := filepath.Join(t.TempDir(), "nbar.pcap")
	writeCapturePcap(t, path, pkts)
	theirs := runTsharkFields(t, path, []string{"cflow.appl_id.classification_engine_id", "cflow.appl_id.selector_id", "cflow.appl_name"})
	require.Len(t, theirs, 3)
	names := map[string]string{}
	opt := theirs[0]
	require.Len(t, opt[2], len(opt[0]), "one name per applicationId in the options data")
	for i := range opt[0] {
		names[opt[0][i]+":"+selectorNumber(t, opt[1][i])] = opt[2][i]
	}

	d := New(testConfig())
	b := NewLogsBuilder()
	for _, p := range pkts {
		_, err := d.Decode(p, b)
		require.NoError(t, err)
	}
	var engines, selectors []string
	joined := 0
	for _, lr := range flatRecords(b.Take()) {
		a := lr.Attributes()
		if v, _ := a.Get("netflow.type"); v.Str() != "netflow_flow" {
			continue
		}
		engine, selector := attr(t, a, "netflow.application_engine_id"), attr(t, a, "netflow.application_selector_id")
		e, s := strconv.FormatInt(engine.(int64), 10), strconv.FormatInt(selector.(int64), 10)
		engines, selectors = append(engines, e), append(selectors, s)
		want, known := names[e+":"+s]
		got, ok := a.Get("netflow.application_name")
		assert.Equal(t, known, ok, "application %s:%s", e, s)
		if known {
			assert.Equal(t, want, got.Str())
			assert.Equal(t, strings.ToLower(want), attr(t, a, "network.application"))
			joined++
		}
	}
	flows := theirs[2]
	assert.Equal(t, flows[0], engines)
	var theirSelectors []string
	for _, s := range flows[1] {
		theirSelectors = append(theirSelectors, selectorNumber(t, s))
	}
	assert.Equal(t, theirSelectors, selectors)
	assert.Positive(t, joined, "some flows use an applicationId the options data names")
	t.Logf("%d flows, %d named from options data", len(engines), joined)
}

// selectorNumber turns tshark's selector bytes (hex, maybe with colons) into a number.
func selectorNumber(t *testing.T, hexBytes string) string {
	v, err := strconv.ParseUint(strings.ReplaceAll(hexBytes, ":", ""), 16, 64)
	require.NoError(t, err, hexBytes)
	return strconv.FormatUint(v, 10)
}
