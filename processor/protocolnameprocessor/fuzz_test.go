// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package protocolnameprocessor

import (
	"strconv"
	"strings"
	"testing"

	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/processor/processortest"

	"github.com/otelcol-flows/otelcol-flows/processor/protocolnameprocessor/internal/metadata"
	"github.com/otelcol-flows/otelcol-flows/processor/protocolnameprocessor/internal/names"
)

// FuzzProcessRecord feeds arbitrary numbers and strings to every source and
// checks that nothing panics and that whatever is written is consistent with
// the input.
func FuzzProcessRecord(f *testing.F) {
	f.Add(int64(6), int64(0x12), int64(443), "17")
	f.Add(int64(1), int64(0), int64(0x0303), "x")
	f.Add(int64(58), int64(-1), int64(1<<40), " 58 ")
	f.Add(int64(-1), int64(0xffff), int64(-5), "")
	cfg := createDefaultConfig().(*Config)
	cfg.Service.Enabled = true
	p, err := newProtocolNamer(processortest.NewNopSettings(metadata.Type).TelemetrySettings, cfg)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, proto, flags, port int64, s string) {
		for _, asString := range []bool{false, true} {
			attrs := plog.NewLogRecord().Attributes()
			if asString {
				attrs.PutStr("network.iana_number", s)
			} else {
				attrs.PutInt("network.iana_number", proto)
			}
			attrs.PutInt("netflow.tcp_control_bits", flags)
			attrs.PutInt("destination.port", port)
			attrs.PutStr("source.port", s)
			attrs.PutStr("netflow.icmp_type_code_ipv6", s)
			var c batchCounts
			p.processRecord(attrs, &c)
			checkTransport(t, attrs.AsRaw())
		}
	})
}

func checkTransport(t *testing.T, got map[string]any) {
	name, ok := got["network.transport"]
	if !ok {
		return
	}
	var n uint64
	switch v := got["network.iana_number"].(type) {
	case int64:
		n = uint64(v)
	case string:
		var err error
		if n, err = strconv.ParseUint(strings.TrimSpace(v), 10, 8); err != nil {
			t.Fatalf("named %q from unparsable %q", name, v)
		}
	}
	if n > 255 || names.Protocol(uint8(n), names.Lower) != name {
		t.Fatalf("network.transport %q for protocol %v", name, got["network.iana_number"])
	}
}
