// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The operator's table names the interfaces of goflow2's v5 capture, which carries ifIndex 9
// (in) and 2 (out) and no names.
func TestStaticInterfaceNames(t *testing.T) {
	cfg := testConfig()
	cfg.Interfaces = &Interfaces{}
	cfg.Interfaces.Store(map[InterfaceKey]Interface{
		{Exporter: rawExporter.Addr(), Index: 9}: {Name: "ge-0/0/9", Description: "uplink to ISP", Speed: 1e9},
		{Exporter: rawExporter.Addr(), Index: 2}: {Name: "ge-0/0/2"},
	})
	flows := flowAttrs(t, cfg, replayNamed(t, "goflow2_nfv5"))
	a := flows[0]
	assert.Equal(t, "9", attr(t, a, "observer.ingress.interface.id"))
	assert.Equal(t, "ge-0/0/9", attr(t, a, "observer.ingress.interface.name"))
	assert.Equal(t, "uplink to ISP", attr(t, a, "observer.ingress.interface.alias"))
	assert.Equal(t, int64(1e9), attr(t, a, "netflow.ingress_interface_speed"))
	assert.Equal(t, "ge-0/0/2", attr(t, a, "observer.egress.interface.name"))
	_, ok := a.Get("observer.egress.interface.alias")
	assert.False(t, ok)

	// A reload (Store) is seen by the next record.
	cfg.Interfaces.Store(map[InterfaceKey]Interface{{Exporter: rawExporter.Addr(), Index: 9}: {Name: "renamed"}})
	a = flowAttrs(t, cfg, replayNamed(t, "goflow2_nfv5"))[0]
	assert.Equal(t, "renamed", attr(t, a, "observer.ingress.interface.name"))
}

// Options data names ifIndex 7 "eth0"; the table calls it "uplink": options data wins unless
// PreferStatic.
func TestStaticInterfaceNamesVersusOptions(t *testing.T) {
	ifTpl := optTmplRec(400, 1, fieldSpec{ID: 10, Length: 4}, fieldSpec{ID: 82, Length: varLen})
	dataTpl := tmplRec(402, append([]fieldSpec{{ID: 10, Length: 4}}, simpleFields[:7]...)...)
	ifRec := cat(be32(7), []byte{4, 'e', 't', 'h', '0'})
	dataRec := cat(be32(7), simpleRecord("10.0.0.1", "10.0.0.2", 1000, 80, 5)[:29])
	msg := ipfixMsg(1, 0, set(3, ifTpl), set(2, dataTpl), set(400, ifRec), set(402, dataRec))
	for _, preferStatic := range []bool{false, true} {
		cfg := testConfig()
		cfg.Interfaces = &Interfaces{PreferStatic: preferStatic}
		cfg.Interfaces.Store(map[InterfaceKey]Interface{{Exporter: rawExporter.Addr(), Index: 7}: {Name: "uplink", Description: "to core"}})
		b := NewLogsBuilder()
		decodeAll(t, New(cfg), b, msg)
		a := flatRecords(b.Take())[1].Attributes()
		want := "eth0"
		if preferStatic {
			want = "uplink"
		}
		assert.Equal(t, want, attr(t, a, "observer.ingress.interface.name"), "prefer_static %v", preferStatic)
		assert.Equal(t, "to core", attr(t, a, "observer.ingress.interface.alias"))
	}
}
