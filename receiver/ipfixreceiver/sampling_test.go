// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver

import (
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/otelcol-flows/otelcol-flows/internal/ratelog"
	"github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver/internal/decoder"
)

func TestSamplingRulesForDecoder(t *testing.T) {
	domain := uint32(7)
	rules := samplingRules([]SamplingConfig{
		{Exporter: "10.1.0.0/16", DefaultRate: 100},
		{Exporter: "10.1.2.3", ObservationDomain: &domain, OverrideRate: 1000},
	})
	assert.Equal(t, []decoder.SamplingRule{
		{Exporter: netip.MustParsePrefix("10.1.0.0/16"), DefaultRate: 100},
		{Exporter: netip.MustParsePrefix("10.1.2.3/32"), Domain: 7, HasDomain: true, OverrideRate: 1000},
	}, rules)
}

// A sampled exporter whose flows are not scaled is named in one warning, however many packets
// it sends (the Juniper MX80 capture announces 1 in 1000 in its v5 header).
func TestSampledUnscaledWarnsOncePerExporter(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "captures", "logstash-codec-netflow", "netflow5_test_juniper_mx80.dat"))
	require.NoError(t, err)
	core, logs := observer.New(zap.WarnLevel)
	cfg := createDefaultConfig().(*Config)
	w := &worker{samplingLog: ratelog.New(zap.New(core), time.Nanosecond),
		dec: decoder.New(decoderConfig(cfg, 1)), logs: decoder.NewLogsBuilder()}
	from := netip.MustParseAddrPort("192.0.2.1:2055")
	for range 3 {
		_, err := w.dec.Decode(decoder.Packet{Exporter: from, Received: time.Now(), Data: data}, w.logs)
		require.NoError(t, err)
		w.warnUnscaled()
	}
	require.Equal(t, 1, logs.Len())
	assert.Equal(t, "192.0.2.1", logs.All()[0].ContextMap()["exporter"])
}
