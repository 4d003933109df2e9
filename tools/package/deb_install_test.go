// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/otelcol-flows/otelcol-flows/internal/estest"
	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

const (
	pkgName    = "otelcol-flows"
	conffile   = "/etc/otelcol-flows/otel.yaml"
	stateDir   = "/var/lib/otelcol-flows"
	wantsLink  = "/etc/systemd/system/multi-user.target.wants/otelcol-flows.service"
	localEdit  = "\n# edited on this machine: an upgrade must keep this line\n"
	oldVersion = "0.0.1"
)

// TestDebInstallUpgradePurge installs an older .deb on this machine, edits its conffile, upgrades to
// the current one (made from the binary `make test` built), checks the files, user, unit and state
// directory, runs the installed binary with the installed configuration as the service user until
// it writes a NetFlow flow and answers its health check, runs the installed es-setup.sh, then purges
// the package and checks that only the system user (which Debian policy keeps) remains.
// It needs root and dpkg: it skips without them, and fails in CI, which has both.
func TestDebInstallUpgradePurge(t *testing.T) {
	bin := requireDebHost(t)
	version := releaseVersion(t)
	dir := t.TempDir()
	oldDeb := testDeb(t, bin, oldVersion, filepath.Join(dir, "old"))
	newDeb := testDeb(t, bin, version, filepath.Join(dir, "new"))
	keepSysctl(t, "net/core/rmem_max", "net/core/netdev_max_backlog")
	t.Cleanup(func() { exec.Command("dpkg", "--purge", pkgName).Run() })

	dpkg(t, "-i", oldDeb)
	orig, err := os.ReadFile(conffile)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(conffile, append(orig, localEdit...), 0o644); err != nil {
		t.Fatal(err)
	}
	dpkg(t, "-i", newDeb)
	if got := dpkgQuery(t, "${Version}"); got != version {
		t.Fatalf("installed version %q after the upgrade, want %q", got, version)
	}
	if after, _ := os.ReadFile(conffile); !strings.HasSuffix(string(after), localEdit) {
		t.Errorf("the upgrade replaced the locally edited %s", conffile)
	}

	checkInstalledFiles(t)
	svc := checkServiceUser(t)
	verifyUnit(t)
	out, err := exec.Command("/usr/bin/otelcol-flows", "--version").CombinedOutput()
	if err != nil || !strings.Contains(string(out), version+"+") {
		t.Errorf("otelcol-flows --version: %v %q, want the version %s and a commit", err, out, version)
	}
	runInstalled(t, svc)
	runInstalledESSetup(t)

	listed := strings.Fields(dpkgQueryFiles(t))
	dpkg(t, "--purge", pkgName)
	checkPurged(t, listed)
}

// requireDebHost returns the binary to package, or skips (fails in CI) when this machine cannot
// install a package.
func requireDebHost(t *testing.T) string {
	t.Helper()
	testutil.RequireTool(t, "dpkg")
	skip := func(why string) {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s: required in CI", why)
		}
		t.Skip(why)
	}
	bin := os.Getenv("OTELCOL_FLOWS_BIN")
	switch {
	case runtime.GOOS != "linux":
		skip("a .deb installs on Linux only")
	case os.Geteuid() != 0:
		skip("dpkg -i needs root")
	case bin == "":
		skip("OTELCOL_FLOWS_BIN is not set (make test sets it)")
	}
	lockHost(t)
	if exec.Command("dpkg-query", "-W", pkgName).Run() == nil {
		skip("otelcol-flows is already installed on this machine: the test would replace it")
	}
	return bin
}

// lockHost makes concurrent runs of this test on one machine (several checkouts' `make test`)
// take turns: each installs and purges the same package.
func lockHost(t *testing.T) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(os.TempDir(), "otelcol-flows-deb-test.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() }) // closing releases the lock, after the purge cleanup below
}

// releaseVersion is dist.version of builder-config.yaml, which `make package` gives the .deb.
func releaseVersion(t *testing.T) string {
	t.Helper()
	cfg, err := os.ReadFile(filepath.Join(repoRoot, "builder-config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^  version: *(\S+)`).FindSubmatch(cfg)
	if m == nil {
		t.Fatal("no dist.version in builder-config.yaml")
	}
	return string(m[1])
}

// testDeb builds the package as `make package` does, uncompressed: compressing a 100 MB binary
// twice would take most of this test's time and tests nothing of ours.
func testDeb(t *testing.T, bin, version, out string) string {
	t.Helper()
	info, err := debInfo(options{root: repoRoot, binary: bin, goos: "linux", arch: runtime.GOARCH, version: version, out: out})
	if err != nil {
		t.Fatal(err)
	}
	info.Deb.Compression = "none"
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(out, "otelcol-flows.deb")
	if err := writeDeb(info, path); err != nil {
		t.Fatal(err)
	}
	return path
}

// keepSysctl restores kernel settings the postinst raises, so the test leaves the machine as it was.
func keepSysctl(t *testing.T, keys ...string) {
	for _, k := range keys {
		p := "/proc/sys/" + k
		if old, err := os.ReadFile(p); err == nil {
			t.Cleanup(func() { os.WriteFile(p, old, 0o644) })
		}
	}
}

func dpkg(t *testing.T, args ...string) {
	t.Helper()
	cmd := exec.Command("dpkg", args...)
	cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("dpkg %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	t.Logf("dpkg %s:\n%s", strings.Join(args, " "), out)
}

func dpkgQuery(t *testing.T, format string) string {
	t.Helper()
	out, err := exec.Command("dpkg-query", "-W", "-f", format, pkgName).Output()
	if err != nil {
		t.Fatalf("dpkg-query: %v", err)
	}
	return string(out)
}

func dpkgQueryFiles(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("dpkg-query", "-L", pkgName).Output()
	if err != nil {
		t.Fatalf("dpkg-query -L: %v", err)
	}
	return string(out)
}

func checkInstalledFiles(t *testing.T) {
	t.Helper()
	for path, mode := range map[string]os.FileMode{
		"/usr/bin/otelcol-flows":     0o755,
		conffile:                     0o644,
		"/etc/default/otelcol-flows": 0o640,
		"/usr/lib/systemd/system/otelcol-flows.service":              0o644,
		"/usr/lib/sysctl.d/90-otelcol-flows.conf":                    0o644,
		"/usr/share/otelcol-flows/examples/otel-elasticsearch.yaml":  0o644,
		"/usr/share/otelcol-flows/elasticsearch/index-template.json": 0o644,
		"/usr/share/otelcol-flows/scripts/es-setup.sh":               0o755,
		"/usr/share/otelcol-flows/elements/nprobe.yaml":              0o644,
		"/usr/share/otelcol-flows/scripts/curl-config.sh":            0o644,
		"/usr/share/doc/otelcol-flows/copyright":                     0o644,
		"/usr/share/doc/otelcol-flows/README.md":                     0o644,
	} {
		st, err := os.Stat(path)
		if err != nil {
			t.Errorf("not installed: %v", err)
		} else if st.Mode().Perm() != mode {
			t.Errorf("%s: mode %o, want %o", path, st.Mode().Perm(), mode)
		}
	}
	conf := dpkgQuery(t, "${Conffiles}")
	for _, c := range []string{conffile, "/etc/default/otelcol-flows"} {
		if !strings.Contains(conf, c+" ") {
			t.Errorf("%s is not a conffile; dpkg lists:%s", c, conf)
		}
	}
	if _, err := exec.LookPath("deb-systemd-helper"); err == nil {
		if _, err := os.Lstat(wantsLink); err != nil {
			t.Errorf("the unit is not enabled: %v", err)
		}
	}
}

// checkServiceUser checks the system user and its state directory and returns the user.
func checkServiceUser(t *testing.T) *user.User {
	t.Helper()
	u, err := user.Lookup(pkgName)
	if err != nil {
		t.Fatalf("service user: %v", err)
	}
	if uid, _ := strconv.Atoi(u.Uid); uid >= 1000 || uid == 0 {
		t.Errorf("uid %d is not a system user's", uid)
	}
	st, err := os.Stat(stateDir)
	if err != nil {
		t.Fatal(err)
	}
	sys := st.Sys().(*syscall.Stat_t)
	if strconv.Itoa(int(sys.Uid)) != u.Uid || st.Mode().Perm() != 0o750 {
		t.Errorf("%s: uid %d mode %o, want %s and 750", stateDir, sys.Uid, st.Mode().Perm(), u.Uid)
	}
	return u
}

// verifyUnit runs systemd-analyze verify on the installed unit when systemd is installed; it
// needs no running systemd.
func verifyUnit(t *testing.T) {
	t.Helper()
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Log("systemd-analyze not installed: the unit is not verified")
		return
	}
	out, err := exec.Command(analyze, "verify", "/usr/lib/systemd/system/otelcol-flows.service").CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
}

// runInstalled starts /usr/bin/otelcol-flows with /etc/otelcol-flows/otel.yaml and the environment
// of /etc/default/otelcol-flows, as the service user in the state directory, as the unit does; only
// the listeners move to free loopback ports, so that tests running in parallel do not collide.
// It reloads it with SIGHUP, then sends a flow and finds it in the output file.
func runInstalled(t *testing.T, u *user.User) {
	t.Helper()
	health, netflow := testutil.FreeTCPPort(t), testutil.FreeUDPPort(t)
	env := append(os.Environ(), readEnvironmentFile(t, "/etc/default/otelcol-flows")...)
	env = append(env,
		fmt.Sprintf("OTELCOL_FLOWS_HEALTH_ENDPOINT=127.0.0.1:%d", health),
		fmt.Sprintf("OTELCOL_FLOWS_NETFLOW_ENDPOINT=127.0.0.1:%d", netflow),
		fmt.Sprintf("OTELCOL_FLOWS_IPFIX_ENDPOINT=127.0.0.1:%d", testutil.FreeUDPPort(t)),
		fmt.Sprintf("OTELCOL_FLOWS_SFLOW_ENDPOINT=127.0.0.1:%d", testutil.FreeUDPPort(t)),
		fmt.Sprintf("OTELCOL_FLOWS_METRICS_PORT=%d", testutil.FreeTCPPort(t)))
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	cmd := exec.Command("/usr/bin/otelcol-flows", "--config", conffile)
	cmd.Env, cmd.Dir = env, stateDir
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
	logPath := filepath.Join(t.TempDir(), "collector.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		if err := cmd.Wait(); err != nil {
			t.Errorf("installed collector exit: %v", err)
		}
		if t.Failed() {
			log, _ := os.ReadFile(logPath)
			t.Logf("collector log:\n%s", log)
		}
	}()
	ready := func(n int) func() bool {
		return func() bool {
			log, _ := os.ReadFile(logPath)
			return strings.Count(string(log), "Everything is ready") >= n
		}
	}
	waitFor(t, "start-up", ready(1))
	// What the unit's ExecReload sends: the collector loads the configuration again and restarts
	// its pipelines; the flow below goes through the reloaded ones.
	if err := cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "reload after SIGHUP", ready(2))
	waitHealthy(t, fmt.Sprintf("http://127.0.0.1:%d/", health))
	sendNetFlowV5(t, netflow)
	// The packaged /etc/default points the file exporter and the template store at the state dir.
	waitFor(t, "a flow in "+stateDir+"/flows.jsonl", func() bool {
		data, _ := os.ReadFile(stateDir + "/flows.jsonl")
		return strings.Contains(string(data), "192.0.2.10")
	})
	if _, err := os.Stat(stateDir + "/state"); err != nil {
		t.Errorf("file_storage directory: %v", err)
	}
}

// readEnvironmentFile reads KEY=value lines as systemd's EnvironmentFile= does (no quotes here).
func readEnvironmentFile(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var env []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line != "" && !strings.HasPrefix(line, "#") && strings.Contains(line, "=") {
			env = append(env, line)
		}
	}
	return env
}

func waitHealthy(t *testing.T, url string) {
	t.Helper()
	waitFor(t, "the health check at "+url, func() bool {
		resp, err := http.Get(url)
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
}

// waitFor polls cond: the collector's start-up is slow on a busy machine, so the bound is generous.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("no %s after 60s", what)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// sendNetFlowV5 sends one NetFlow v5 datagram with one flow 192.0.2.10:40000 -> 198.51.100.20:443/tcp.
func sendNetFlowV5(t *testing.T, port int) {
	t.Helper()
	pkt := make([]byte, 24+48)
	be := binary.BigEndian
	be.PutUint16(pkt[0:], 5)                         // version
	be.PutUint16(pkt[2:], 1)                         // count
	be.PutUint32(pkt[4:], 3_600_000)                 // sysUptime, ms
	be.PutUint32(pkt[8:], uint32(time.Now().Unix())) // unix_secs
	rec := pkt[24:]
	copy(rec[0:4], net.IPv4(192, 0, 2, 10).To4())
	copy(rec[4:8], net.IPv4(198, 51, 100, 20).To4())
	be.PutUint32(rec[16:], 3)         // packets
	be.PutUint32(rec[20:], 180)       // octets
	be.PutUint32(rec[24:], 3_599_000) // first
	be.PutUint32(rec[28:], 3_599_900) // last
	be.PutUint16(rec[32:], 40000)     // source port
	be.PutUint16(rec[34:], 443)       // destination port
	rec[37] = 0x12                    // TCP flags SYN|ACK
	rec[38] = 6                       // protocol TCP
	conn, err := net.Dial("udp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write(pkt); err != nil {
		t.Fatal(err)
	}
}

// runInstalledESSetup runs the installed es-setup.sh against the in-process Elasticsearch fake: it
// must find the templates in the .deb's layout (/usr/share/otelcol-flows/elasticsearch).
func runInstalledESSetup(t *testing.T) {
	t.Helper()
	testutil.RequireTool(t, "curl")
	srv, err := estest.NewServer(estest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	cmd := exec.Command("/usr/share/otelcol-flows/scripts/es-setup.sh")
	cmd.Env = append(os.Environ(), "ELASTICSEARCH_URL="+srv.URL())
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "es-setup: done") {
		t.Errorf("installed es-setup.sh: %v\n%s", err, out)
	}
}

// checkPurged: every file the package listed is gone, and so are its directories, the state, the
// unit's enablement; the system user stays (Debian policy: files it owns may remain elsewhere).
func checkPurged(t *testing.T, listed []string) {
	t.Helper()
	for _, p := range listed {
		if st, err := os.Lstat(p); err == nil && !st.IsDir() {
			t.Errorf("left after purge: %s", p)
		}
	}
	for _, p := range []string{"/etc/otelcol-flows", "/etc/default/otelcol-flows", stateDir,
		"/usr/share/otelcol-flows", "/usr/share/doc/otelcol-flows", wantsLink} {
		if _, err := os.Lstat(p); err == nil {
			t.Errorf("left after purge: %s", p)
		}
	}
	if m, _ := filepath.Glob("/var/lib/systemd/deb-systemd-helper-enabled/*otelcol-flows*"); len(m) > 0 {
		t.Errorf("deb-systemd-helper state left after purge: %v", m)
	}
	if _, err := user.Lookup(pkgName); err != nil {
		t.Errorf("the system user should stay after purge: %v", err)
	}
}
