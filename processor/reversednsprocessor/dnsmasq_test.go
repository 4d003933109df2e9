// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package reversednsprocessor

import (
	"bytes"
	"context"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
	"github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor/internal/namecache"
	"github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor/internal/ptrclient"
)

// dnsmasqHosts is served by dnsmasq; the mixed case checks normalisation.
const dnsmasqHosts = `192.0.2.10   Web1.Example.TEST
2001:db8::10 web6.example.test
`

// TestDnsmasq runs Debian's dnsmasq on a loopback port, serving PTR records
// from a hosts file, and names flows from it.
func TestDnsmasq(t *testing.T) {
	addr := startDnsmasq(t, dnsmasqHosts, dnsmasqLocal)
	cfg := testConfig(addr)
	cfg.BatchBudget = 5 * time.Second
	p := startProcessor(t, cfg)

	ld, _ := p.process(t, makeLogs(
		flow{src: "192.0.2.10", dst: "2001:db8::10"},
		flow{src: "192.0.2.11", dst: "192.0.2.10"},
	))
	assert.Equal(t, []string{"web1.example.test", "-"}, domains(ld, "source.domain"))
	assert.Equal(t, []string{"web6.example.test", "web1.example.test"}, domains(ld, "destination.domain"))
	assert.Equal(t, int64(2), p.counter(t, "otelcol_processor_reversedns_queries", "result", "name"))
	// --local makes dnsmasq authoritative for the test networks, so an
	// address missing from the hosts file is NXDOMAIN, not REFUSED.
	assert.Equal(t, int64(1), p.counter(t, "otelcol_processor_reversedns_queries", "result", "not_found"))

	// dnsmasq answers from hosts files with TTL 0 (its local-ttl default):
	// min_ttl must keep the name anyway.
	v4 := netip.MustParseAddr("192.0.2.10")
	now := p.clock.now()
	_, state := p.cache.Get(v4, now+int64(cfg.Cache.MinTTL)-1)
	assert.Equal(t, namecache.Found, state)
	_, state = p.cache.Get(v4, now+int64(cfg.Cache.MinTTL))
	assert.Equal(t, namecache.Miss, state)
	// Its NXDOMAIN for a --local name carries no SOA: negative_ttl applies.
	assertNegativeFor(t, p, netip.MustParseAddr("192.0.2.11"), cfg.Cache.NegativeTTL)
}

// TestDnsmasqAuthoritative runs dnsmasq as the authoritative server of
// 2.0.192.in-addr.arpa: its NXDOMAIN carries the zone's SOA (TTL and
// MINIMUM both --auth-ttl), whose negative TTL (RFC 2308) is kept.
func TestDnsmasqAuthoritative(t *testing.T) {
	addr := startDnsmasq(t, dnsmasqHosts, dnsmasqAuthoritative)
	cfg := testConfig(addr)
	cfg.BatchBudget = 5 * time.Second
	cfg.Cache.MinTTL = 10 * time.Second
	cfg.Cache.NegativeTTL = 5 * time.Minute
	p := startProcessor(t, cfg)

	ld, _ := p.process(t, makeLogs(flow{src: "192.0.2.10", dst: "192.0.2.11"}))
	assert.Equal(t, []string{"web1.example.test"}, domains(ld, "source.domain"))
	assert.Equal(t, int64(1), p.counter(t, "otelcol_processor_reversedns_queries", "result", "not_found"))
	assertNegativeFor(t, p, netip.MustParseAddr("192.0.2.11"), dnsmasqAuthTTL)
}

// assertNegativeFor checks that the negative entry of addr, cached at the
// current fake time, lasts exactly ttl.
func assertNegativeFor(t *testing.T, p *testProcessor, addr netip.Addr, ttl time.Duration) {
	t.Helper()
	now := p.clock.now()
	_, state := p.cache.Get(addr, now+int64(ttl)-1)
	assert.Equal(t, namecache.Negative, state, "negative answer expired before %v", ttl)
	_, state = p.cache.Get(addr, now+int64(ttl))
	assert.Equal(t, namecache.Miss, state, "negative answer kept beyond %v", ttl)
}

// dnsmasqHostsProbe is an address of dnsmasqHosts: dnsmasq is ready once
// it names it.
var dnsmasqHostsProbe = netip.MustParseAddr("192.0.2.10")

// dnsmasqLocal makes dnsmasq answer the test networks from the hosts file
// as a resolver would: NXDOMAIN, without SOA, for other addresses.
var dnsmasqLocal = []string{"--local=/2.0.192.in-addr.arpa/", "--local=/8.b.d.0.1.0.0.2.ip6.arpa/"}

// dnsmasqAuthTTL is the TTL of every record of dnsmasqAuthoritative,
// its SOA's MINIMUM included.
const dnsmasqAuthTTL = 2 * time.Minute

// dnsmasqAuthoritative makes dnsmasq the authoritative server of
// 192.0.2.0/24 for queries to 127.0.0.1, naming from the hosts file.
var dnsmasqAuthoritative = []string{
	"--auth-server=ns.example.test,127.0.0.1", "--auth-zone=example.test,192.0.2.0/24",
	"--auth-ttl=" + strconv.Itoa(int(dnsmasqAuthTTL/time.Second)),
}

// startDnsmasq starts dnsmasq on a free loopback port with the zone
// options zones, and stops it when the test ends; it is ready once it names
// dnsmasqHostsProbe. It skips when dnsmasq is missing, unless CI is set.
func startDnsmasq(t *testing.T, hosts string, zones []string) string {
	t.Helper()
	bin := testutil.RequireTool(t, "dnsmasq", "/usr/sbin/dnsmasq") // Debian package dnsmasq-base
	hostsFile := filepath.Join(t.TempDir(), "hosts")
	require.NoError(t, os.WriteFile(hostsFile, []byte(hosts), 0o644))
	for range 3 { // a free port can be taken between probe and bind
		port := testutil.FreeUDPPort(t)
		if addr, ok := runDnsmasq(t, dnsmasqRun{bin: bin, hostsFile: hostsFile, port: port, zones: zones}); ok {
			return addr
		}
	}
	t.Fatal("dnsmasq did not start")
	return ""
}

// dnsmasqRun is one attempt to start dnsmasq.
type dnsmasqRun struct {
	bin, hostsFile string
	port           int
	zones          []string
}

func runDnsmasq(t *testing.T, r dnsmasqRun) (string, bool) {
	args := []string{
		"--keep-in-foreground", "--conf-file=/dev/null", "--pid-file=",
		"--port=" + strconv.Itoa(r.port), "--listen-address=127.0.0.1", "--bind-interfaces",
		"--no-resolv", "--no-hosts", "--addn-hosts=" + r.hostsFile, "--log-facility=-",
	}
	args = append(args, r.zones...)
	if os.Geteuid() == 0 {
		// As root dnsmasq drops to nobody, which cannot read the temp dir.
		args = append(args, "--user=root", "--group=root")
	}
	var stderr bytes.Buffer
	cmd := exec.Command(r.bin, args...)
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()
	stop := func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(r.port))
	if !waitForName(addr, dnsmasqHostsProbe, exited) {
		stop()
		t.Logf("dnsmasq on port %d: %s", r.port, stderr.String())
		return "", false
	}
	t.Cleanup(stop)
	return addr, true
}

// waitForName asks addr for probe until it answers, or the process exits.
func waitForName(addr string, probe netip.Addr, exited <-chan struct{}) bool {
	client, _ := ptrclient.New(ptrclient.Settings{Servers: []string{addr}, QueryTimeout: 100 * time.Millisecond, Attempts: 1})
	defer client.Close()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return false
		default:
		}
		_, err := client.LookupPTR(context.Background(), probe)
		if err == nil {
			return true
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false
}
