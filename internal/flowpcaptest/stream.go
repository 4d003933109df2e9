// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package flowpcaptest // import "github.com/otelcol-flows/otelcol-flows/internal/flowpcaptest"

import (
	"bytes"
	"context"
	"io"
	"os/exec"
	"testing"
	"time"

	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

// Stream is a softflowd process that reads its capture from a pipe (-r -)
// and tracks one flow at a time (-m 1): a flow is exported, alone, when the
// first packet of the next one arrives, and the last at Close. The test
// decides when each export datagram leaves, while the process, and so its
// UDP socket and source port, stays the same. softflowd puts its templates
// in the first datagram and then in every 16th, so the datagrams in between
// carry data that only the session's own templates decode.
type Stream struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	pcap  *pcapgo.Writer
	out   bytes.Buffer
}

// StartStream starts softflowd exporting to collector ("host:port") with
// exportArgs (for example "-v", "10"). It is stopped when the test ends.
func StartStream(t testing.TB, collector string, exportArgs ...string) *Stream {
	t.Helper()
	bin := testutil.RequireTool(t, "softflowd")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	args := append([]string{"-d", "-r", "-", "-m", "1", "-n", collector, "-p", "sf.pid", "-c", "sf.ctl"}, exportArgs...)
	s := &Stream{cmd: exec.CommandContext(ctx, bin, args...)}
	s.cmd.Dir = t.TempDir()
	s.cmd.Stdout, s.cmd.Stderr = &s.out, &s.out
	stdin, err := s.cmd.StdinPipe()
	if err == nil {
		err = s.cmd.Start()
	}
	if err != nil {
		cancel()
		t.Fatalf("softflowd: %v", err)
	}
	s.stdin, s.pcap = stdin, pcapgo.NewWriter(stdin)
	t.Cleanup(func() {
		_ = s.stdin.Close()
		_ = s.cmd.Wait()
		cancel()
		if t.Failed() {
			t.Logf("softflowd %v output:\n%s", exportArgs, s.out.String())
		}
	})
	if err := s.pcap.WriteFileHeader(65535, layers.LinkTypeEthernet); err != nil {
		t.Fatalf("softflowd stdin: %v", err)
	}
	return s
}

// Write sends each flow's packets in turn, 10 ms apart from start on, and
// returns the flows with Bytes, First and Last filled in. Flows must not
// answer each other: softflowd would count a reply in the request's flow.
func (s *Stream) Write(t testing.TB, flows []Flow, start time.Time) []Flow {
	t.Helper()
	out := append([]Flow(nil), flows...)
	ts := start
	for i := range out {
		for seq := range out[i].Packets {
			if err := writePacket(s.pcap, &out[i], seq, ts); err != nil {
				t.Fatalf("softflowd stdin: %v", err)
			}
			ts = ts.Add(10 * time.Millisecond)
		}
	}
	return out
}

// Close ends the capture: softflowd exports the flow it still holds and
// exits.
func (s *Stream) Close(t testing.TB) {
	t.Helper()
	_ = s.stdin.Close()
	if err := s.cmd.Wait(); err != nil {
		t.Fatalf("softflowd: %v\n%s", err, s.out.String())
	}
}
