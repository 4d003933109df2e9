// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package flowpcaptest // import "github.com/otelcol-flows/otelcol-flows/internal/flowpcaptest"

import (
	"bytes"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

// StartFprobe runs fprobe, a libpcap NetFlow v5 probe that cannot read a
// pcap file, on the loopback interface, capturing the packets that match
// filter (tcpdump syntax) and exporting them to collector ("host:port")
// once they have been idle for a second. fprobe sends what it has about
// every five seconds. It is stopped when the test ends.
func StartFprobe(t testing.TB, filter, collector string) {
	t.Helper()
	bin := testutil.RequireTool(t, "fprobe")
	// -l 2 logs to stdout and keeps fprobe in the foreground, so that the
	// test owns the process.
	cmd := exec.Command(bin, "-i", "lo", "-p", "-f", filter, "-s", "1", "-d", "1", "-l", "2", collector)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("fprobe: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("fprobe output:\n%s", out.String())
		}
	})
	// libpcap needs a moment to open the interface before the first packet.
	time.Sleep(500 * time.Millisecond)
}
