// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package promtext

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const exposition = `# HELP otelcol_receiver_ipfix_records_received_total Flow records decoded.
# TYPE otelcol_receiver_ipfix_records_received_total counter
otelcol_receiver_ipfix_records_received_total{otel_scope_name="x",receiver="ipfix"} 1200
otelcol_receiver_ipfix_records_received_total{otel_scope_name="x",receiver="ipfix/2"} 34
otelcol_receiver_ipfix_packets_dropped_total{reason="queue_full",receiver="ipfix"} 7
otelcol_receiver_ipfix_packets_dropped_total{reason="not_allowed",receiver="ipfix"} 2
otelcol_process_uptime 12.5 1700000000000
garbage line here
odd{a="}"} 3
`

func TestParseAndSum(t *testing.T) {
	ss, err := Parse(strings.NewReader(exposition))
	require.NoError(t, err)
	require.InDelta(t, 1234, ss.Sum("otelcol_receiver_ipfix_records_received"), 0)
	require.InDelta(t, 1234, ss.Sum("otelcol_receiver_ipfix_records_received_total"), 0)
	require.InDelta(t, 9, ss.Sum("otelcol_receiver_ipfix_packets_dropped"), 0)
	require.InDelta(t, 7, ss.SumWhere("otelcol_receiver_ipfix_packets_dropped", `reason="queue_full"`), 0)
	require.InDelta(t, 12.5, ss.Sum("otelcol_process_uptime"), 0)
	require.InDelta(t, 3, ss.Sum("odd"), 0, "a brace inside a label value")
	require.Zero(t, ss.Sum("missing"))
}

func TestScrape(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/metrics" {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write([]byte(exposition))
	}))
	defer srv.Close()
	ss, err := Scrape(context.Background(), srv.Client(), srv.URL+"/metrics")
	require.NoError(t, err)
	require.InDelta(t, 9, ss.Sum("otelcol_receiver_ipfix_packets_dropped"), 0)
	_, err = Scrape(context.Background(), srv.Client(), srv.URL+"/nope")
	require.ErrorContains(t, err, "404")
}

func FuzzParse(f *testing.F) {
	f.Add(exposition)
	f.Add("a{b=\"c\"} 1 2\n{}\n} {\n")
	f.Fuzz(func(t *testing.T, s string) {
		ss, err := Parse(strings.NewReader(s))
		if err == nil {
			_ = ss.Sum("a")
		}
	})
}
