// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/receiver/receivertest"

	"github.com/otelcol-flows/otelcol-flows/internal/iana"
)

func TestCustomElementsLoad(t *testing.T) {
	c := CustomElementsConfig{
		Files:    []string{filepath.Join("testdata", "elements.yaml")},
		Elements: []CustomElement{{PEN: 99999, ID: 7, Name: "acmePolicyName", Type: "string"}},
	}
	defs, err := c.load()
	require.NoError(t, err)
	assert.ElementsMatch(t, []iana.Element{
		{PEN: 99999, ID: 7, Name: "acmePolicyName", Key: "acme_policy_name", Type: iana.String},
		{PEN: 99999, ID: 5, Name: "acmeRuleId", Key: "acme_rule_id", Type: iana.Unsigned32},
		{PEN: 0, ID: 61000, Name: "acme_v9_zone", Key: "acme_v9_zone", Type: iana.String},
	}, defs)

	// A compiled enterprise element can be redefined (the definition wins); see the README.
	c = CustomElementsConfig{Elements: []CustomElement{{PEN: 6876, ID: 880, Name: "vmwareTenantProtocol", Type: "unsigned16"}}}
	defs, err = c.load()
	require.NoError(t, err)
	require.Len(t, defs, 1)
	assert.Equal(t, iana.Unsigned16, defs[0].Type)
}

// Each error names the file, the line and the key (or the configuration path and key).
func TestCustomElementsBadFile(t *testing.T) {
	bad := filepath.Join("testdata", "elements_bad.yaml")
	_, err := (&CustomElementsConfig{Files: []string{bad}}).load()
	require.Error(t, err)
	for _, want := range []string{
		bad + `:9: 'type' "uint32" is not an RFC 7012 abstract data type`,
		bad + `:11: 'id' 1 of 'pen' 99999 is already defined at ` + bad + `:2`,
		bad + `:16: 'name' "fine" (netflow.fine) is already defined at ` + bad + `:2`,
		bad + `:20: 'name' "not-a-key" is not a valid attribute key`,
		bad + `:24: unknown key 'nmae'`,
		bad + `:27: 'id' "70000" is not a number of at most 16 bits`,
		bad + `:31: 'id' 8 is the compiled element sourceIPv4Address`,
		bad + `:36: 'name' "sourceIPv4Address" gives netflow.source_ipv4_address, the attribute of compiled element sourceIPv4Address (0/8) of type ipv4Address`,
	} {
		assert.ErrorContains(t, err, want)
	}
	assert.NotContains(t, err.Error(), bad+":5:", "the first definition is fine")
}

func TestCustomElementsBadConfig(t *testing.T) {
	tests := []struct {
		name string
		el   []CustomElement
		want string
	}{
		{"unknown type", []CustomElement{{PEN: 1, ID: 1, Name: "a", Type: "int"}},
			`'custom_elements::elements[0]::type' "int" is not an RFC 7012 abstract data type`},
		{"no type", []CustomElement{{PEN: 1, ID: 1, Name: "a"}}, `'custom_elements::elements[0]::type' is required`},
		{"bad name", []CustomElement{{PEN: 1, ID: 1, Name: "a.b", Type: "string"}},
			`'custom_elements::elements[0]::name' "a.b" is not a valid attribute key`},
		{"empty name", []CustomElement{{PEN: 1, ID: 1, Type: "string"}}, `'custom_elements::elements[0]::name' "" is not`},
		{"same id", []CustomElement{{PEN: 1, ID: 1, Name: "a", Type: "string"}, {PEN: 1, ID: 1, Name: "b", Type: "string"}},
			`'custom_elements::elements[1]::id' 1 of 'pen' 1 is already defined at 'custom_elements::elements[0]'`},
		{"same name", []CustomElement{{PEN: 1, ID: 1, Name: "fooBar", Type: "string"}, {PEN: 1, ID: 2, Name: "foo_bar", Type: "string"}},
			`'custom_elements::elements[1]::name' "foo_bar" (netflow.foo_bar) is already defined at 'custom_elements::elements[0]'`},
		{"enterprise id over 15 bits", []CustomElement{{PEN: 1, ID: 40000, Name: "a", Type: "string"}},
			`'custom_elements::elements[0]::id' 40000 is over 32767`},
		{"iana element", []CustomElement{{PEN: 0, ID: 1, Name: "a", Type: "string"}},
			`'custom_elements::elements[0]::id' 1 is the compiled element octetDeltaCount`},
		{"reverse element", []CustomElement{{PEN: 29305, ID: 1, Name: "a", Type: "string"}},
			`'custom_elements::elements[0]::pen' 29305 holds the RFC 5103 reverse elements`},
		{"juniper common properties", []CustomElement{{PEN: 2636, ID: 137, Name: "a", Type: "string"}},
			`'custom_elements::elements[0]::id' 2636/137 (Juniper common properties)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := createDefaultConfig().(*Config)
			cfg.CustomElements.Elements = tt.el
			assert.ErrorContains(t, cfg.Validate(), tt.want)
		})
	}
}

func TestCustomElementsUnreadableFiles(t *testing.T) {
	malformed := filepath.Join("testdata", "elements_malformed.yaml")
	missing := filepath.Join(t.TempDir(), "missing.yaml")
	notList := filepath.Join(t.TempDir(), "map.yaml")
	require.NoError(t, os.WriteFile(notList, []byte("# a comment\npen: 1\n"), 0o600))
	_, err := (&CustomElementsConfig{Files: []string{malformed, missing, notList}}).load()
	require.Error(t, err)
	assert.ErrorContains(t, err, "'custom_elements::files[0]': "+malformed+": yaml: line 2")
	assert.ErrorContains(t, err, "'custom_elements::files[1]': open "+missing)
	assert.ErrorContains(t, err, "'custom_elements::files[2]': "+notList+":2: expected a list of elements")
}

// The receiver hands its element table to every worker's decoder: a Streamcore NetFlow v9
// field type the compiled table does not know comes out named and typed.
func TestCustomElementsReachTheRecords(t *testing.T) {
	cfg := testConfig()
	cfg.CustomElements.Elements = []CustomElement{{PEN: 0, ID: 8192, Name: "streamcoreField8192", Type: "unsigned32"}}
	sink := new(consumertest.LogsSink)
	r := startReceiver(t, cfg, sink, nil)
	send(t, exporter(t, r.addr, "127.0.0.1:0"),
		capture(t, "netflow9_test_streamcore_tpl_data256.dat"), capture(t, "netflow9_test_streamcore_tpl_data260.dat"))
	require.Eventually(t, func() bool { return sink.LogRecordCount() > 0 }, timeoutShort, tick)
	named := 0
	for _, logs := range sink.AllLogs() {
		for _, rl := range logs.ResourceLogs().All() {
			for _, sl := range rl.ScopeLogs().All() {
				for _, lr := range sl.LogRecords().All() {
					_, raw := lr.Attributes().Get("netflow.unknown.8192")
					assert.False(t, raw)
					if v, ok := lr.Attributes().Get("netflow.streamcore_field8192"); ok {
						assert.Equal(t, pcommon.ValueTypeInt, v.Type())
						named++
					}
				}
			}
		}
	}
	assert.Positive(t, named)
}

// Files are read again at start: one broken since Validate fails start-up, naming file and line.
func TestCustomElementsFileBrokenAtStart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "acme.yaml")
	require.NoError(t, os.WriteFile(path, []byte("- {pen: 99999, id: 1, name: acmeRule, type: unsigned32}\n"), 0o600))
	cfg := testConfig()
	cfg.CustomElements.Files = []string{path}
	require.NoError(t, cfg.Validate())
	require.NoError(t, os.WriteFile(path, []byte("- {pen: 99999, id: 1, name: acmeRule, type: unsigned31}\n"), 0o600))
	r, err := newReceiver(receivertest.NewNopSettings(typ), cfg, consumertest.NewNop())
	require.NoError(t, err)
	err = r.Start(context.Background(), componenttest.NewNopHost())
	require.ErrorContains(t, err, path+`:1: 'type' "unsigned31" is not an RFC 7012 abstract data type`)
	require.NoError(t, r.Shutdown(context.Background()))
}
