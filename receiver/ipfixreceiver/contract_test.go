// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver

import (
	"context"
	"encoding/binary"
	"net"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pipeline"
	"go.opentelemetry.io/collector/receiver"
	"go.opentelemetry.io/collector/receiver/receivertest"

	"github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver/internal/metadata"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

// TestConsumeContract runs the collector's receiver contract checker: the
// next consumer accepts, refuses for now (non-permanent error) or refuses
// for good (permanent) at random, and every flow sent must end up accepted
// or dropped exactly once: none lost, none delivered twice.
func TestConsumeContract(t *testing.T) {
	port := testutil.FreeUDPPort(t)
	cfg := testConfig()
	cfg.Endpoint = "127.0.0.1:" + strconv.Itoa(port)
	receivertest.CheckConsumeContract(receivertest.CheckConsumeContractParams{
		T:             t,
		Factory:       flowIDFactory(),
		Signal:        pipeline.SignalLogs,
		Config:        cfg,
		Generator:     &contractGenerator{t: t, to: &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port}},
		GenerateCount: 200,
	})
}

// flowIDFactory is the receiver's factory with a consumer in front of the
// checker's that names each record by its flow: the checker follows
// records by a test_id attribute, and the generator makes every flow's
// byte count unique.
func flowIDFactory() receiver.Factory {
	return receiver.NewFactory(metadata.Type, createDefaultConfig, receiver.WithLogs(
		func(ctx context.Context, set receiver.Settings, cfg component.Config, next consumer.Logs) (receiver.Logs, error) {
			return createLogs(ctx, set, cfg, flowIDs{next})
		}, metadata.LogsStability))
}

type flowIDs struct{ next consumer.Logs }

func (f flowIDs) Capabilities() consumer.Capabilities {
	return consumer.Capabilities{MutatesData: true}
}

func (f flowIDs) ConsumeLogs(ctx context.Context, ld plog.Logs) error {
	for _, rl := range ld.ResourceLogs().All() {
		for _, sl := range rl.ScopeLogs().All() {
			for _, lr := range sl.LogRecords().All() {
				if v, ok := lr.Attributes().Get("source.bytes"); ok {
					lr.Attributes().PutStr(receivertest.UniqueIDAttrName, strconv.FormatInt(v.Int(), 10))
				}
			}
		}
	}
	return f.next.ConsumeLogs(ctx, ld)
}

// contractGenerator sends IPFIX from one exporter: each call a template
// (two counters) and a data set of flowsPerCall records whose octet counts
// no other record has.
type contractGenerator struct {
	t    *testing.T
	to   *net.UDPAddr
	conn *net.UDPConn
	next atomic.Uint32
}

const flowsPerCall = 5

func (g *contractGenerator) Start() {
	conn, err := net.DialUDP("udp4", nil, g.to)
	require.NoError(g.t, err)
	g.conn = conn
}

func (g *contractGenerator) Stop() { _ = g.conn.Close() }

func (g *contractGenerator) Generate() []receivertest.UniqueIDAttrVal {
	first := g.next.Add(flowsPerCall) - flowsPerCall + 1
	data := ipfixDataPacket(1, flowsPerCall)
	ids := make([]receivertest.UniqueIDAttrVal, flowsPerCall)
	for i := range flowsPerCall {
		// ipfixDataPacket's records are (octetDeltaCount, packetDeltaCount) after the
		// 16-byte header and 4-byte set header.
		binary.BigEndian.PutUint32(data[20+8*i:], first+uint32(i))
		ids[i] = receivertest.UniqueIDAttrVal(strconv.FormatUint(uint64(first)+uint64(i), 10))
	}
	for _, pkt := range [][]byte{ipfixTemplatePacket(1, 0, 256, 1, 2), data} {
		_, err := g.conn.Write(pkt)
		require.NoError(g.t, err)
	}
	// Loopback UDP drops what the socket buffer cannot hold; the checker's four
	// goroutines would otherwise outrun a receiver that is pausing between retries.
	time.Sleep(time.Millisecond)
	return ids
}
