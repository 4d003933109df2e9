// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"

	"github.com/otelcol-flows/otelcol-flows/internal/iana"
)

// acmePEN is an enterprise number the compiled table does not know.
const acmePEN = 99999

// acmeFields is simpleFields plus two enterprise elements: an unsigned32 and an ipv4Address.
var acmeFields = append(append([]fieldSpec(nil), simpleFields...),
	fieldSpec{PEN: acmePEN, ID: 5, Length: 4}, fieldSpec{PEN: acmePEN, ID: 6, Length: 4})

func acmeRecord() []byte {
	return cat(simpleRecord("10.0.0.1", "10.0.0.2", 1000, 80, 500), be32(4242), []byte{192, 0, 2, 7})
}

var acmeElements = []iana.Element{
	{PEN: acmePEN, ID: 5, Name: "acmeRuleId", Type: iana.Unsigned32},
	{PEN: acmePEN, ID: 6, Name: "acme_tunnel_peer", Type: iana.IPv4Address},
}

// decodeOneRecord decodes msgs, which hold one data record, and returns its attributes.
func decodeOneRecord(t *testing.T, cfg Config, msgs ...[]byte) pcommon.Map {
	t.Helper()
	d, b := New(cfg), NewLogsBuilder()
	st := decodeAll(t, d, b, msgs...)
	require.Equal(t, 1, st.Records)
	recs := flatRecords(b.Take())
	require.Len(t, recs, 1)
	return recs[0].Attributes()
}

func TestCustomElementsNameAndTypeEnterpriseFields(t *testing.T) {
	msg := ipfixMsg(1, 0, set(2, tmplRec(300, acmeFields...)), set(300, acmeRecord()))

	raw := decodeOneRecord(t, testConfig(), msg)
	v, ok := raw.Get("netflow.enterprise.99999.5")
	require.True(t, ok, "without a definition the element stays raw")
	assert.Equal(t, "00001092", v.Str())
	_, ok = raw.Get("netflow.acme_rule_id")
	assert.False(t, ok)

	cfg := testConfig()
	cfg.Elements = NewElements(acmeElements)
	named := decodeOneRecord(t, cfg, msg)
	v, ok = named.Get("netflow.acme_rule_id")
	require.True(t, ok, "the definition names the element (snake_case, like compiled ones)")
	assert.Equal(t, pcommon.ValueTypeInt, v.Type())
	assert.Equal(t, int64(4242), v.Int())
	v, ok = named.Get("netflow.acme_tunnel_peer")
	require.True(t, ok)
	assert.Equal(t, "192.0.2.7", v.Str())
	_, ok = named.Get("netflow.enterprise.99999.5")
	assert.False(t, ok)
}

// A custom definition replaces a compiled enterprise element with the same PEN and ID.
func TestCustomElementOverridesCompiledEnterpriseElement(t *testing.T) {
	el, ok := iana.Lookup(6876, 880)
	require.True(t, ok, "vmwareTenantProtocol is compiled in")
	fields := append(append([]fieldSpec(nil), simpleFields...), fieldSpec{PEN: 6876, ID: 880, Length: 1})
	msg := ipfixMsg(1, 0, set(2, tmplRec(300, fields...)),
		set(300, cat(simpleRecord("10.0.0.1", "10.0.0.2", 1, 2, 3), []byte{17})))

	v, ok := decodeOneRecord(t, testConfig(), msg).Get("netflow." + el.Key)
	require.True(t, ok)
	assert.Equal(t, int64(17), v.Int())

	cfg := testConfig()
	cfg.Elements = NewElements([]iana.Element{{PEN: 6876, ID: 880, Name: "nsxInnerProtocol", Type: iana.Unsigned8}})
	attrs := decodeOneRecord(t, cfg, msg)
	v, ok = attrs.Get("netflow.nsx_inner_protocol")
	require.True(t, ok)
	assert.Equal(t, int64(17), v.Int())
	_, ok = attrs.Get("netflow." + el.Key)
	assert.False(t, ok, "the custom definition wins")
}

// Templates restored from a state saved without custom elements (or before they changed) are
// compiled again with the decoder's table when their data arrives.
func TestRestoredTemplateUsesCustomElements(t *testing.T) {
	src := New(testConfig())
	learnAt(t, src, rawExporter.String(), baseTime, ipfixMsg(1, 0, set(2, tmplRec(300, acmeFields...))))
	blob, err := src.MarshalState()
	require.NoError(t, err)

	cfg := testConfig()
	cfg.Elements = NewElements(acmeElements)
	d := New(cfg)
	require.NoError(t, d.RestoreState(blob))
	b := NewLogsBuilder()
	st := decodeAll(t, d, b, ipfixMsg(1, 1, set(300, acmeRecord())))
	require.Equal(t, 1, st.Records)
	recs := flatRecords(b.Take())
	require.Len(t, recs, 1)
	v, ok := recs[0].Attributes().Get("netflow.acme_rule_id")
	require.True(t, ok, "the restored template names the custom element")
	assert.Equal(t, int64(4242), v.Int())

	// Compiled again once: the exporter now holds the template of the decoder's table.
	require.Len(t, d.exporters, 1)
	for _, e := range d.exporters {
		assert.Same(t, cfg.Elements, e.templates[300].elements)
	}
}
