// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
)

// TestFieldsDoc: docs/fields.md's sFlow section lists every attribute and
// metric the decoder writes for the datagrams the tests use.
func TestFieldsDoc(t *testing.T) {
	doc, err := os.ReadFile("../../../../docs/fields.md")
	require.NoError(t, err)
	i := strings.Index(string(doc), "# Fields emitted by the sflow receiver")
	require.GreaterOrEqual(t, i, 0, "docs/fields.md has no sflow section")
	section := string(doc[i:])
	seen := map[string]bool{}
	cfg := testConfig()
	for _, dg := range oracleDatagrams(t) {
		logs, metrics, _ := decodeAll(t, New(cfg), dg)
		for _, lr := range flatRecords(logs) {
			lr.Attributes().Range(func(k string, _ pcommon.Value) bool { seen[k] = true; return true })
		}
		for j := range logs.ResourceLogs().Len() {
			logs.ResourceLogs().At(j).Resource().Attributes().Range(func(k string, _ pcommon.Value) bool { seen[k] = true; return true })
		}
		for j := range metrics.ResourceMetrics().Len() {
			ms := metrics.ResourceMetrics().At(j).ScopeMetrics().At(0).Metrics()
			for m := range ms.Len() {
				seen[ms.At(m).Name()] = true
			}
		}
	}
	require.Greater(t, len(seen), 40)
	for k := range seen {
		require.Contains(t, section, "`"+k+"`", "docs/fields.md's sflow section misses %s", k)
	}
}
