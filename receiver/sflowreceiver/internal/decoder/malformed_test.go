// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"encoding/binary"
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func decodeOne(d *Decoder, data []byte) (Stats, error) {
	return d.Decode(Datagram{Exporter: netip.MustParseAddrPort("192.0.2.1:6343"), Received: time.Unix(1700000000, 0), Data: data}, NewBatch())
}

// validDatagram holds a flow sample with every record kind and a counter
// sample, for cutting and corrupting.
func validDatagram() []byte {
	counters := item(formatCounterSample, append((&enc{}).u32(1, 17, 1).b, genericCounters(17, 1e9, 1, 2, 3)...))
	return datagram(netip.MustParseAddr("192.0.2.9"), 0, 1, 0, extendedSample(), counters)
}

func TestMalformedDatagrams(t *testing.T) {
	valid := validDatagram()
	setU32 := func(b []byte, off int, v uint32) []byte {
		c := append([]byte(nil), b...)
		binary.BigEndian.PutUint32(c[off:], v)
		return c
	}
	const headerLen = 28 // version, IPv4 agent, sub-agent, sequence, uptime, samples
	for name, tc := range map[string]struct {
		data   []byte
		reason Reason
	}{
		"empty":                          {nil, Truncated},
		"version 4":                      {setU32(valid, 0, 4), WrongVersion},
		"agent type 3":                   {setU32(valid, 4, 3), BadAgentAddress},
		"more samples than sent":         {setU32(valid, 24, 3), Truncated},
		"sample length too long":         {setU32(valid, headerLen+4, 1<<20), LengthMismatch},
		"record length too long":         {setU32(valid, headerLen+8+11*4+4, 1<<16), LengthMismatch},
		"record shorter than its fields": {setU32(setU32(valid, headerLen+8+11*4+4, 8), headerLen+4, uint32(len(valid)-headerLen-8)), LengthMismatch},
		"too many samples":               {setU32(valid, 24, 100_000), Oversized},
		"too many records":               {setU32(valid, headerLen+8+10*4, 100_000), Oversized},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := decodeOne(New(testConfig()), tc.data)
			require.Error(t, err)
			assert.Equal(t, tc.reason, ReasonOf(err), err.Error())
		})
	}
}

// TestTruncatedAtEveryLength: every prefix of a valid datagram is an error
// (or, cut exactly between samples, fewer samples), never a panic.
func TestTruncatedAtEveryLength(t *testing.T) {
	valid := validDatagram()
	_, err := decodeOne(New(testConfig()), valid)
	require.NoError(t, err)
	for n := range len(valid) {
		st, err := decodeOne(New(testConfig()), valid[:n])
		require.Error(t, err, "length %d", n)
		assert.Contains(t, []Reason{Truncated, LengthMismatch}, ReasonOf(err), "length %d: %v", n, err)
		assert.LessOrEqual(t, st.FlowSamples+st.CounterSamples, 1)
	}
}

// TestPmacctIPv6AgentDropped: pmacctd 1.7.7's IPv6 agent address is four
// bytes short (testdata README); the shifted fields must not decode.
func TestPmacctIPv6AgentDropped(t *testing.T) {
	for _, dg := range captureSet(t, "ipv6agent-truncated") {
		st, err := decodeOne(New(testConfig()), dg)
		require.Error(t, err)
		assert.Zero(t, st.FlowSamples)
	}
}

// TestUnknownSamplesSkipped: a sample of an unknown format (here an
// enterprise one) is skipped by its length and the next one decoded.
func TestUnknownSamplesSkipped(t *testing.T) {
	vendor := item(4413<<12|5, (&enc{}).u32(1, 2, 3, 4).b)
	st, err := decodeOne(New(testConfig()), datagram(netip.MustParseAddr("192.0.2.9"), 0, 1, 0, vendor, extendedSample()))
	require.NoError(t, err)
	assert.Equal(t, 1, st.UnknownSamples)
	assert.Equal(t, 1, st.FlowSamples)
}
