// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
)

// replayNamed finds one capture replay by name.
func replayNamed(t *testing.T, name string) replay {
	t.Helper()
	for _, r := range allReplays(t) {
		if r.name == name {
			return r
		}
	}
	require.FailNow(t, "no capture "+name)
	return replay{}
}

// flowAttrs decodes r and returns the attributes of its flow records.
func flowAttrs(t *testing.T, cfg Config, r replay) []pcommon.Map {
	t.Helper()
	logs, _, errs := decodeReplay(t, cfg, r)
	require.Empty(t, errs)
	var out []pcommon.Map
	for _, lr := range flatRecords(logs) {
		if v, _ := lr.Attributes().Get("netflow.type"); v.Str() == "netflow_flow" {
			out = append(out, lr.Attributes())
		}
	}
	require.NotEmpty(t, out)
	return out
}

func exporterRule(rule SamplingRule) SamplingRule {
	rule.Exporter = netip.PrefixFrom(rawExporter.Addr(), 32)
	return rule
}

// An override_rate applies to flows whose exporter announces nothing (goflow2's v5 capture has
// sampling 0 in its header): with scaling on, every counter is multiplied and the record says so.
func TestSamplingOverrideScales(t *testing.T) {
	r := replayNamed(t, "goflow2_nfv5")
	plain := flowAttrs(t, testConfig(), r)
	cfg := testConfig()
	cfg.ScaleBySampling = true
	cfg.Sampling = []SamplingRule{exporterRule(SamplingRule{OverrideRate: 1000})}
	scaled := flowAttrs(t, cfg, r)
	require.Len(t, scaled, len(plain))
	for i, a := range scaled {
		_, ok := plain[i].Get("netflow.sampling_interval")
		assert.False(t, ok, "the capture announces no rate")
		for _, k := range []string{"source.bytes", "source.packets", "network.bytes", "network.packets"} {
			assert.Equal(t, 1000*attr(t, plain[i], k).(int64), attr(t, a, k), k)
		}
		assert.Equal(t, int64(1000), attr(t, a, "netflow.sampling_interval"))
		assert.Equal(t, true, attr(t, a, "netflow.sampling_scaled"))
	}
}

// default_rate fills in only where the exporter is silent; override_rate replaces what it says.
// The Juniper MX80 v5 capture announces 1000 in its header.
func TestSamplingDefaultAndOverride(t *testing.T) {
	r := replayNamed(t, "netflow5_test_juniper_mx80")
	cfg := testConfig()
	cfg.Sampling = []SamplingRule{exporterRule(SamplingRule{DefaultRate: 10})}
	for _, a := range flowAttrs(t, cfg, r) {
		assert.Equal(t, int64(1000), attr(t, a, "netflow.sampling_interval"), "announced rate wins over default_rate")
		_, scaled := a.Get("netflow.sampling_scaled")
		assert.False(t, scaled, "scale_by_sampling is off")
	}
	cfg.Sampling = []SamplingRule{exporterRule(SamplingRule{DefaultRate: 10, OverrideRate: 1})}
	for _, a := range flowAttrs(t, cfg, r) {
		assert.Equal(t, int64(1), attr(t, a, "netflow.sampling_interval"), "override_rate wins over the announced rate")
	}
	cfg.Sampling = []SamplingRule{exporterRule(SamplingRule{DefaultRate: 10})}
	for _, a := range flowAttrs(t, cfg, replayNamed(t, "goflow2_nfv5")) {
		assert.Equal(t, int64(10), attr(t, a, "netflow.sampling_interval"), "default_rate where none is announced")
	}
}

// The most specific rule applies: a longer prefix, then one naming the observation domain.
func TestSamplingRuleSpecificity(t *testing.T) {
	wide := SamplingRule{Exporter: netip.MustParsePrefix("192.0.2.0/24"), OverrideRate: 2}
	narrow := exporterRule(SamplingRule{OverrideRate: 3})
	domain := exporterRule(SamplingRule{OverrideRate: 4, HasDomain: true, Domain: 7})
	otherDomain := exporterRule(SamplingRule{OverrideRate: 5, HasDomain: true, Domain: 8})
	d := New(Config{Sampling: []SamplingRule{wide, narrow, domain, otherDomain}})
	e := newExporter(exporterKey{addr: rawExporter.Addr(), domain: 7})
	assert.Equal(t, uint32(4), d.samplingRule(e).OverrideRate)
	e = newExporter(exporterKey{addr: rawExporter.Addr(), domain: 9})
	assert.Equal(t, uint32(3), d.samplingRule(e).OverrideRate)
	e = newExporter(exporterKey{addr: netip.MustParseAddr("192.0.2.99")})
	assert.Equal(t, uint32(2), d.samplingRule(e).OverrideRate)
	e = newExporter(exporterKey{addr: netip.MustParseAddr("198.51.100.1")})
	assert.Nil(t, d.samplingRule(e))
}

// Sampled flows that are not scaled are reported once per exporter, for the receiver to warn.
func TestSamplingUnscaledNoticedOnce(t *testing.T) {
	r := replayNamed(t, "netflow5_test_juniper_mx80")
	d := New(testConfig())
	b := NewLogsBuilder()
	_, err := d.Decode(r.packets[0], b)
	require.NoError(t, err)
	assert.Equal(t, []netip.Addr{rawExporter.Addr()}, d.UnscaledExporters())
	_, err = d.Decode(r.packets[0], b)
	require.NoError(t, err)
	assert.Empty(t, d.UnscaledExporters())

	cfg := testConfig()
	cfg.ScaleBySampling = true
	d = New(cfg)
	_, err = d.Decode(r.packets[0], b)
	require.NoError(t, err)
	assert.Empty(t, d.UnscaledExporters(), "scaled flows need no warning")
}
