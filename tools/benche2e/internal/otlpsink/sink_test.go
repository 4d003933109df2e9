// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package otlpsink

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/plog/plogotlp"
	"go.uber.org/goleak"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func logsWith(n int) plog.Logs {
	ld := plog.NewLogs()
	lrs := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty().LogRecords()
	for range n {
		lrs.AppendEmpty().Body().SetStr("flow")
	}
	return ld
}

// startWithClient starts a sink and an OTLP client to it, both closed at the end of the test.
func startWithClient(t *testing.T) (*Sink, plogotlp.GRPCClient) {
	s, err := Start("127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(s.Stop)
	conn, err := grpc.NewClient(s.Addr(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close() })
	return s, plogotlp.NewGRPCClient(conn)
}

func TestSinkCountsRecords(t *testing.T) {
	s, client := startWithClient(t)
	for _, n := range []int{3, 0, 4096} {
		_, err := client.Export(context.Background(), plogotlp.NewExportRequestFromLogs(logsWith(n)))
		require.NoError(t, err)
	}
	require.Equal(t, int64(4099), s.Records())
	require.Equal(t, int64(3), s.Requests())
}

// TestSinkAgreesWithPdata checks the wire-format count against pdata's own
// count on requests with several resources and scopes, and gzip.
func TestSinkAgreesWithPdata(t *testing.T) {
	s, client := startWithClient(t)
	ld := plog.NewLogs()
	for r := range 3 {
		rl := ld.ResourceLogs().AppendEmpty()
		rl.Resource().Attributes().PutStr("netflow.exporter.address", "127.0.0.2:4739")
		for sc := range 2 {
			sl := rl.ScopeLogs().AppendEmpty()
			sl.Scope().SetName("ipfix")
			for i := range r*10 + sc {
				lr := sl.LogRecords().AppendEmpty()
				lr.Attributes().PutInt("source.port", int64(i))
				lr.Attributes().PutStr("source.ip", "192.0.2.1")
			}
		}
	}
	_, err := client.Export(context.Background(), plogotlp.NewExportRequestFromLogs(ld), grpc.UseCompressor("gzip"))
	require.NoError(t, err)
	require.Equal(t, int64(ld.LogRecordCount()), s.Records())
}

func TestCountRejectsMalformed(t *testing.T) {
	_, err := countLogRecords([]byte{0x0a, 0x05, 0x12}) // resource_logs claims 5 bytes, has 1
	require.ErrorIs(t, err, errMalformed)
}

func TestStopWithoutTraffic(t *testing.T) {
	s, err := Start("127.0.0.1:0")
	require.NoError(t, err)
	s.Stop()
}

// FuzzCountLogRecords: any bytes give a count or errMalformed, never a panic,
// and a well-formed request always counts exactly.
func FuzzCountLogRecords(f *testing.F) {
	good, err := plogotlp.NewExportRequestFromLogs(logsWith(3)).MarshalProto()
	require.NoError(f, err)
	f.Add(good)
	f.Add([]byte{0x0a, 0x05, 0x12})
	f.Fuzz(func(t *testing.T, b []byte) {
		n, err := countLogRecords(b)
		if err != nil {
			require.ErrorIs(t, err, errMalformed)
			return
		}
		req := plogotlp.NewExportRequest()
		if req.UnmarshalProto(b) == nil {
			require.Equal(t, int64(req.Logs().LogRecordCount()), n)
		}
	})
}
