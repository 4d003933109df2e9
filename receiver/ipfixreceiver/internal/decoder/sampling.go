// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"net/netip"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// SamplingRule is what an operator knows about an exporter's sampling that the exporter does not
// say, or says wrongly.
type SamplingRule struct {
	Exporter     netip.Prefix // exporter addresses the rule applies to
	Domain       uint32       // observation domain (v9 source ID), when HasDomain
	HasDomain    bool
	DefaultRate  uint32 // used when the exporter announces no rate (or 0); 0 = none
	OverrideRate uint32 // used whatever the exporter announces; 0 = none
}

// samplingMemo remembers, per exporter, the rule that applies and whether the "sampled but not
// scaled" notice was given.
type samplingMemo struct {
	rule     *SamplingRule
	resolved bool
	noticed  bool
}

// samplingRule returns the most specific rule for e: longest prefix, then one naming e's domain.
func (d *Decoder) samplingRule(e *exporter) *SamplingRule {
	s := &e.sampled
	if s.resolved {
		return s.rule
	}
	s.resolved = true
	for i := range d.cfg.Sampling {
		r := &d.cfg.Sampling[i]
		if !r.Exporter.Contains(e.key.addr) || (r.HasDomain && r.Domain != e.key.domain) {
			continue
		}
		if s.rule == nil || r.Exporter.Bits() > s.rule.Exporter.Bits() ||
			(r.Exporter.Bits() == s.rule.Exporter.Bits() && r.HasDomain && !s.rule.HasDomain) {
			s.rule = r
		}
	}
	return s.rule
}

// applySampling puts the effective sampling interval on the record and returns the factor the
// counters are multiplied by (1 = left as sent). The interval is the rule's override_rate, else
// what the exporter announced (record, sampler options, exporter options, v5 header), else the
// rule's default_rate. An announced 0 means unsampled: never a division, never a multiplication
// by 0.
func (c *decodeCall) applySampling(m *message, attrs pcommon.Map) uint64 {
	rule := c.samplingRule(m.exp)
	var iv uint64
	if rule != nil && rule.OverrideRate > 0 {
		iv = uint64(rule.OverrideRate)
	} else if iv = c.announcedSampling(m); iv == 0 && rule != nil {
		iv = uint64(rule.DefaultRate)
	}
	if iv == 0 {
		return 1
	}
	attrs.PutInt("netflow.sampling_interval", int64(iv))
	if iv == 1 {
		return 1
	}
	if !c.cfg.ScaleBySampling {
		c.noticeUnscaled(m.exp)
		return 1
	}
	attrs.PutBool("netflow.sampling_scaled", true)
	return iv
}

// announcedSampling is the interval the exporter stated for this record: its own element, its
// sampler's options data, the exporter-wide options data, or the v5 header.
func (c *decodeCall) announcedSampling(m *message) uint64 {
	f := &c.flow
	if iv := f.ownSampling(); iv > 0 {
		return iv
	}
	if iv := m.exp.sampling(f.num[rSamplerID], f.is(rSamplerID)); iv > 0 {
		return uint64(iv)
	}
	return uint64(m.sampling)
}

// ownSampling is the sampling interval the record's own elements state: samplingInterval /
// samplerRandomInterval (RFC 7270), population/size and (interval+space)/interval (RFC 5477).
func (f *flow) ownSampling() uint64 {
	switch {
	case f.is(rSamplingInterval):
		return f.num[rSamplingInterval]
	case f.is(rSamplingPopulation) && f.num[rSamplingSize] > 0:
		return f.num[rSamplingPopulation] / f.num[rSamplingSize]
	case f.is(rSamplingPacketInterval) && f.num[rSamplingPacketInterval] > 0:
		return (f.num[rSamplingPacketInterval] + f.num[rSamplingPacketSpace]) / f.num[rSamplingPacketInterval]
	}
	return 0
}

// noticeUnscaled records, once per exporter, that its flows are sampled and left unscaled; the
// decoder does no logging, so the receiver takes these with UnscaledExporters and warns.
func (d *Decoder) noticeUnscaled(e *exporter) {
	if e.sampled.noticed {
		return
	}
	e.sampled.noticed = true
	d.unscaled = append(d.unscaled, e.key.addr)
}

// UnscaledExporters returns the exporters first seen sending sampled flows that are not scaled
// since the previous call. The slice is reused by the next Decode.
func (d *Decoder) UnscaledExporters() []netip.Addr {
	out := d.unscaled
	d.unscaled = d.unscaled[:0]
	return out
}
