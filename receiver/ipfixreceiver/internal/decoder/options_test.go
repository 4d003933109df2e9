// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"encoding/binary"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
)

func attr(t *testing.T, a pcommon.Map, k string) any {
	t.Helper()
	v, ok := a.Get(k)
	require.True(t, ok, "missing %s", k)
	return v.AsRaw()
}

// Options data (RFC 7011 section 4) feeds the data records: interface names per ifIndex, the
// sampler's interval, and systemInitTimeMilliseconds for flowStartSysUpTime.
func TestOptionsFeedDataRecords(t *testing.T) {
	cfg := testConfig()
	cfg.ScaleBySampling = true
	d := New(cfg)
	b := NewLogsBuilder()
	ifTpl := optTmplRec(400, 1, fieldSpec{ID: 10, Length: 4}, fieldSpec{ID: 82, Length: varLen})
	samplerTpl := optTmplRec(401, 1, fieldSpec{ID: 48, Length: 1}, fieldSpec{ID: 34, Length: 4}, fieldSpec{ID: 160, Length: 8})
	dataTpl := tmplRec(402, append([]fieldSpec{{ID: 10, Length: 4}, {ID: 48, Length: 1}, {ID: 22, Length: 4}, {ID: 21, Length: 4}}, simpleFields[:7]...)...)
	ifRec := cat(be32(7), []byte{4, 'e', 't', 'h', '0'})
	initMs := uint64(exportSecs-3600) * 1000
	samplerRec := cat([]byte{3}, be32(100), binary.BigEndian.AppendUint64(nil, initMs))
	rec := simpleRecord("10.0.0.1", "10.0.0.2", 1000, 80, 5)[:29] // without the end-time field
	dataRec := cat(be32(7), []byte{3}, be32(1000), be32(61000), rec)
	st := decodeAll(t, d, b, ipfixMsg(1, 0, set(3, ifTpl, samplerTpl), set(2, dataTpl), set(400, ifRec), set(401, samplerRec), set(402, dataRec)))
	assert.Equal(t, 3, st.Records)
	assert.True(t, st.TemplatesChanged)
	recs := flatRecords(b.Take())
	a := recs[2].Attributes()
	assert.Equal(t, "eth0", attr(t, a, "observer.ingress.interface.name"))
	assert.Equal(t, int64(100), attr(t, a, "netflow.sampling_interval"))
	assert.Equal(t, int64(500), attr(t, a, "source.bytes"), "5 bytes x sampling interval 100")
	start := time.UnixMilli(int64(initMs) + 1000).UTC().Format(time.RFC3339Nano)
	assert.Equal(t, start, attr(t, a, "event.start"), "flowStartSysUpTime + systemInitTimeMilliseconds")
	assert.Equal(t, int64(60*time.Second), attr(t, a, "event.duration"))
	assert.Equal(t, "netflow_options", attr(t, recs[0].Attributes(), "netflow.type"))
	st = decodeAll(t, d, b, ipfixMsg(1, 3, set(400, ifRec), set(401, samplerRec)))
	assert.False(t, st.TemplatesChanged, "options data that repeat known values change nothing")
	b.Take()

	// The options state survives MarshalState/RestoreState.
	state, err := d.MarshalState()
	require.NoError(t, err)
	d2 := New(cfg)
	require.NoError(t, d2.RestoreState(state))
	decodeAll(t, d2, b, ipfixMsg(1, 5, set(402, dataRec)))
	a = flatRecords(b.Take())[0].Attributes()
	assert.Equal(t, "eth0", attr(t, a, "observer.ingress.interface.name"))
	assert.Equal(t, int64(500), attr(t, a, "source.bytes"))
}

// RFC 5103 biflows, NAT events (RFC 8158), VLAN, MACs, enterprise elements and NTP times.
func TestBiflowNATAndEnterprise(t *testing.T) {
	d := New(testConfig())
	b := NewLogsBuilder()
	fields := append(append([]fieldSpec{}, simpleFields...),
		fieldSpec{PEN: 29305, ID: 1, Length: 8}, fieldSpec{PEN: 29305, ID: 2, Length: 4},
		fieldSpec{ID: 230, Length: 1}, fieldSpec{ID: 225, Length: 4}, fieldSpec{ID: 227, Length: 2},
		fieldSpec{ID: 58, Length: 2}, fieldSpec{ID: 56, Length: 6}, fieldSpec{PEN: 99999, ID: 7, Length: 3},
		fieldSpec{ID: 156, Length: 8})
	ntp := cat(be32(exportSecs-60+ntpEpochOffset), be32(1<<31)) // 60 s before export, + 0.5 s
	rec := cat(simpleRecord("10.0.0.1", "10.0.0.2", 1000, 80, 300), binary.BigEndian.AppendUint64(nil, 700), be32(9),
		[]byte{1}, []byte{198, 51, 100, 7}, be16(40000), be16(42), []byte{0, 1, 2, 3, 4, 5}, []byte{0xab, 0xcd, 0xef}, ntp)
	decodeAll(t, d, b, ipfixMsg(1, 0, set(2, tmplRec(300, fields...)), set(300, rec)))
	a := flatRecords(b.Take())[0].Attributes()
	assert.Equal(t, int64(300), attr(t, a, "source.bytes"))
	assert.Equal(t, int64(700), attr(t, a, "destination.bytes"))
	assert.Equal(t, int64(9), attr(t, a, "destination.packets"))
	assert.Equal(t, int64(1000), attr(t, a, "network.bytes"))
	assert.Equal(t, "nat44_session_create", attr(t, a, "event.action"))
	assert.Equal(t, "198.51.100.7", attr(t, a, "source.nat.ip"))
	assert.Equal(t, int64(40000), attr(t, a, "source.nat.port"))
	assert.Equal(t, "42", attr(t, a, "network.vlan.id"))
	assert.Equal(t, "00-01-02-03-04-05", attr(t, a, "source.mac"))
	assert.Equal(t, "abcdef", attr(t, a, "netflow.enterprise.99999.7"))
	assert.Equal(t, "2025-12-31T23:59:00.5Z", attr(t, a, "event.start"))
	assert.Equal(t, []any{"10.0.0.1", "10.0.0.2", "198.51.100.7"}, attr(t, a, "related.ip"))
	assert.Equal(t, "ipv4", attr(t, a, "network.type"))
}
