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

func TestSinkCountsRecords(t *testing.T) {
	s, err := Start("127.0.0.1:0")
	require.NoError(t, err)
	defer s.Stop()
	conn, err := grpc.NewClient(s.Addr(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer conn.Close()
	client := plogotlp.NewGRPCClient(conn)
	for _, n := range []int{3, 0, 4096} {
		_, err := client.Export(context.Background(), plogotlp.NewExportRequestFromLogs(logsWith(n)))
		require.NoError(t, err)
	}
	require.Equal(t, int64(4099), s.Records())
	require.Equal(t, int64(3), s.Requests())
}

func TestStopWithoutTraffic(t *testing.T) {
	s, err := Start("127.0.0.1:0")
	require.NoError(t, err)
	s.Stop()
}
