// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package flowpcaptest

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWritePcapReadsBack decodes the written file with gopacket's own
// parser and recounts packets and IP bytes per flow.
func TestWritePcapReadsBack(t *testing.T) {
	path := filepath.Join(t.TempDir(), "flows.pcap")
	flows, err := WritePcap(path, KnownFlows(), time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	require.NoError(t, err)

	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	r, err := pcapgo.NewReader(f)
	require.NoError(t, err)
	type count struct{ packets, bytes int }
	got := map[string]count{}
	src := gopacket.NewPacketSource(r, layers.LinkTypeEthernet)
	for p := range src.Packets() {
		var ipLen int
		switch ip := p.NetworkLayer().(type) {
		case *layers.IPv4:
			ipLen = int(ip.Length)
		case *layers.IPv6:
			ipLen = int(ip.Length) + 40
		}
		tf := p.TransportLayer().TransportFlow()
		nf := p.NetworkLayer().NetworkFlow()
		proto := 6
		if p.Layer(layers.LayerTypeUDP) != nil {
			proto = 17
		}
		key := keyOf(proto, nf.Src().String(), tf.Src().String(), nf.Dst().String(), tf.Dst().String())
		c := got[key]
		got[key] = count{c.packets + 1, c.bytes + ipLen}
	}
	require.Len(t, got, len(flows))
	for _, fl := range flows {
		assert.Equal(t, count{fl.Packets, fl.Bytes}, got[fl.Key()], fl.Key())
	}
}
