// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ecsdocumentprocessor

import (
	"flag"
	"path/filepath"
	"testing"
	"time"

	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/golden"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

// The golden inputs (testdata/golden/*/input.yaml) are written from these builders
// with -update-inputs, so that they stay readable as code.
var updateInputs = flag.Bool("update-inputs", false, "rewrite the golden input files from their builders")

func TestWriteInputs(t *testing.T) {
	if !*updateInputs {
		t.Skip("run with -update-inputs to rewrite testdata/golden/*/input.yaml")
	}
	inputs := map[string]plog.Logs{
		"flow":              flowInput(),
		"midnight":          timesInput("2026-11-26T23:59:59.999999999Z", "2026-11-27T00:00:00Z", "2026-11-27T00:00:00.000000001Z"),
		"far_dates":         timesInput("1999-12-31T23:59:59.999Z", "2099-01-01T00:00:00Z", "1969-12-31T23:59:59.5Z"),
		"missing_timestamp": missingTimestampInput(),
		"resource_conflict": flowInput(),
		"custom":            flowInput(),
	}
	// The record's own observer.ip wins over the resource's.
	inputs["resource_conflict"].ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0).Attributes().PutStr("observer.ip", "198.51.100.7")
	inputs["custom"].ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0).Body().SetStr("kept as message")
	for name, ld := range inputs {
		require.NoError(t, golden.WriteLogsToFile(filepath.Join(testutil.GoldenDir(name), "input.yaml"), ld))
	}
}

func exporterResource(rl plog.ResourceLogs) {
	r := rl.Resource().Attributes()
	r.PutStr("netflow.exporter.address", "192.0.2.10:40000")
	r.PutInt("netflow.exporter.version", 10)
	r.PutInt("netflow.exporter.source_id", 0)
	r.PutStr("observer.ip", "192.0.2.10")
}

// flowInput is a record as the ipfix receiver, protocolname, reversedns and geoip leave it.
func flowInput() plog.Logs {
	ld := plog.NewLogs()
	rl := ld.ResourceLogs().AppendEmpty()
	exporterResource(rl)
	sl := rl.ScopeLogs().AppendEmpty()
	sl.Scope().SetName("github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver")
	lr := sl.LogRecords().AppendEmpty()
	end := time.Date(2026, 11, 27, 10, 11, 12, 345678901, time.UTC)
	lr.SetTimestamp(pcommon.NewTimestampFromTime(end))
	lr.SetObservedTimestamp(pcommon.NewTimestampFromTime(end.Add(1500 * time.Millisecond)))
	a := lr.Attributes()
	a.PutStr("event.kind", "event")
	a.PutEmptySlice("event.category").AppendEmpty().SetStr("network")
	a.PutEmptySlice("event.type").AppendEmpty().SetStr("connection")
	a.PutStr("event.action", "netflow_flow")
	a.PutStr("event.start", "2026-11-27T10:11:02.345678901Z")
	a.PutStr("event.end", "2026-11-27T10:11:12.345678901Z")
	a.PutInt("event.duration", 10_000_000_000)
	a.PutStr("source.ip", "203.0.113.5")
	a.PutInt("source.port", 51514)
	a.PutInt("source.bytes", 1234)
	a.PutInt("source.packets", 9)
	a.PutStr("source.domain", "client.example.net")
	loc := a.PutEmptyMap("source.geo.location")
	loc.PutDouble("lat", 48.8566)
	loc.PutDouble("lon", 2.3522)
	a.PutStr("source.geo.country_iso_code", "FR")
	a.PutStr("destination.ip", "2001:db8::53")
	a.PutInt("destination.port", 53)
	a.PutInt("network.iana_number", 17)
	a.PutStr("network.transport", "udp")
	a.PutStr("network.type", "ipv6")
	a.PutInt("network.bytes", 1234)
	a.PutInt("network.packets", 9)
	a.PutStr("observer.ingress.interface.id", "2")
	a.PutStr("netflow.type", "netflow_flow")
	a.PutStr("netflow.exporter.timestamp", "2026-11-27T10:11:13Z")
	a.PutStr("netflow.source_ipv6_address", "2001:db8::1")
	a.PutInt("netflow.octet_delta_count", 1234)
	return ld
}

func timesInput(times ...string) plog.Logs {
	ld := plog.NewLogs()
	rl := ld.ResourceLogs().AppendEmpty()
	exporterResource(rl)
	sl := rl.ScopeLogs().AppendEmpty()
	for _, s := range times {
		ts, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			panic(err)
		}
		lr := sl.LogRecords().AppendEmpty()
		lr.SetTimestamp(pcommon.NewTimestampFromTime(ts))
		lr.Attributes().PutStr("event.end", s)
		lr.Attributes().PutStr("source.ip", "192.0.2.1")
	}
	return ld
}

func missingTimestampInput() plog.Logs {
	ld := timesInput()
	sl := ld.ResourceLogs().At(0).ScopeLogs().At(0)
	observed := sl.LogRecords().AppendEmpty()
	observed.SetObservedTimestamp(pcommon.NewTimestampFromTime(time.Date(2026, 11, 25, 23, 0, 0, 0, time.UTC)))
	observed.Attributes().PutStr("source.ip", "192.0.2.2")
	sl.LogRecords().AppendEmpty().Attributes().PutStr("source.ip", "192.0.2.3")
	return ld
}
