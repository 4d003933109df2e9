// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package flowpcaptest // import "github.com/otelcol-flows/otelcol-flows/internal/flowpcaptest"

import (
	"context"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

// Replay runs softflowd on pcap in the foreground, exporting NetFlow
// version (5, 9 or 10 for IPFIX) to collector ("host:port"). softflowd
// expires every flow and exits at the end of the file.
//
// softflowd 1.1.0 keeps only the first 15 characters or so of its -r and
// -c paths and then waits forever, so it runs in the pcap's directory
// with short relative names.
func Replay(t testing.TB, pcap, collector string, version int) {
	t.Helper()
	replay(t, pcap, collector, "-v", strconv.Itoa(version))
}

// ReplayBiflow exports IPFIX with RFC 5103 biflows (softflowd -b): one
// record per conversation, the reverse direction in reverse* elements.
func ReplayBiflow(t testing.TB, pcap, collector string) {
	t.Helper()
	replay(t, pcap, collector, "-v", "10", "-b")
}

// ReplayWith runs softflowd on pcap with other export options, such as
// "-v", "9", "-A", "milli" (absolute flow times in milliseconds: another
// template layout under the same template IDs).
func ReplayWith(t testing.TB, pcap, collector string, exportArgs ...string) {
	t.Helper()
	replay(t, pcap, collector, exportArgs...)
}

func replay(t testing.TB, pcap, collector string, exportArgs ...string) {
	t.Helper()
	bin := testutil.RequireTool(t, "softflowd")
	args := append([]string{"-d", "-r", filepath.Base(pcap), "-n", collector, "-p", "sf.pid", "-c", "sf.ctl"}, exportArgs...)
	out, err := runTool(filepath.Dir(pcap), bin, args...)
	if err != nil {
		t.Fatalf("softflowd %v: %v\n%s", exportArgs, err, out)
	}
}

// runTool runs a real exporter's command in dir to its end, which a
// replay reaches in well under the 30 s it is given.
func runTool(dir, bin string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	return cmd.CombinedOutput()
}
