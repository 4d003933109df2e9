// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package flowpcaptest // import "github.com/otelcol-flows/otelcol-flows/internal/flowpcaptest"

import (
	"net"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

// ReplayNfdump turns pcap into flows with nfdump's nfpcapd and sends them
// with nfreplay, nfdump's own NetFlow exporter, in version 5 or 9 to
// collector ("host:port").
func ReplayNfdump(t testing.TB, pcap, collector string, version int) {
	t.Helper()
	nfpcapd := testutil.RequireTool(t, "nfpcapd")
	nfreplay := testutil.RequireTool(t, "nfreplay")
	host, port, err := net.SplitHostPort(collector)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if out, err := runTool("", nfpcapd, "-r", pcap, "-w", dir); err != nil {
		t.Fatalf("nfpcapd: %v\n%s", err, out)
	}
	files, err := filepath.Glob(filepath.Join(dir, "nfcapd.*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("nfpcapd wrote no nfcapd file in %s (%v)", dir, err)
	}
	for _, f := range files {
		args := []string{"-r", f, "-H", host, "-p", port, "-v", strconv.Itoa(version)}
		if out, err := runTool("", nfreplay, args...); err != nil {
			t.Fatalf("nfreplay %v: %v\n%s", args, err, out)
		}
	}
}
