// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

var (
	buildOnce sync.Once
	builtPath string
	buildErr  error
)

// collectorBinary returns the otelcol-flows binary under test.
func collectorBinary(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("OTELCOL_FLOWS_BIN"); p != "" {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("OTELCOL_FLOWS_BIN=%s: %v", p, err)
		}
		return p
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "otelcol-flows-e2e")
		if err != nil {
			buildErr = err
			return
		}
		builtPath = filepath.Join(dir, "otelcol-flows")
		cmd := exec.Command("go", "build", "-o", builtPath, "./otelcol-flows")
		cmd.Dir = filepath.Join("..", "..", "distribution") // its own module
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = errors.New(string(out))
		}
	})
	if buildErr != nil {
		t.Fatalf("building otelcol-flows: %v", buildErr)
	}
	return builtPath
}

// collector is a running otelcol-flows process.
type collector struct {
	cmd     *exec.Cmd
	output  *lockedBuffer
	done    chan struct{}
	waitErr error
	stopped bool
}

// healthCheckExtension opens a test config: the health_check extension that startCollector waits
// for, on the port its fmt verb takes. The config lists it in service::extensions.
const healthCheckExtension = `
extensions:
  health_check:
    endpoint: 127.0.0.1:%d
`

// prometheusReader is the service::telemetry::metrics::readers entry through which a test reads the
// collector's own metrics, on the port its fmt verb takes.
const prometheusReader = `      readers:
        - pull:
            exporter:
              prometheus:
                host: 127.0.0.1
                port: %d
`

// quietService opens the service section of a config that serves the health check and none of
// the collector's own metrics.
const quietService = `service:
  extensions: [health_check]
  telemetry:
    metrics:
      level: none
`

// startCollector writes configYAML to a file, starts the binary with it from a temporary working
// directory (relative paths such as ./data land there), and waits until the health check extension,
// which the config must serve on 127.0.0.1:healthPort, reports ready. The process is stopped with
// SIGTERM at the end of the test unless Stop was called.
// Overlays are further configurations merged over it, in order (the collector's --config merging:
// maps merge, lists are replaced).
func startCollector(t *testing.T, configYAML string, healthPort int, overlays ...string) *collector {
	t.Helper()
	return startCollectorEnv(t, nil, configYAML, healthPort, overlays...)
}

// startCollectorEnv is startCollector with env (KEY=value) added to the test's environment, for two
// collectors that read the same variables (the Kafka tiers).
func startCollectorEnv(t *testing.T, env []string, configYAML string, healthPort int, overlays ...string) *collector {
	t.Helper()
	dir := t.TempDir()
	var args []string
	for i, content := range append([]string{configYAML}, overlays...) {
		path := filepath.Join(dir, "config-"+strconv.Itoa(i)+".yaml")
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, "--config", path)
	}
	return startProcess(t, dir, healthPort, env, args...)
}

// startCollectorIn starts the binary with args from the working directory dir and waits until the
// health check on 127.0.0.1:healthPort reports ready; it is stopped at the end of the test.
func startCollectorIn(t *testing.T, dir string, healthPort int, args ...string) *collector {
	t.Helper()
	return startProcess(t, dir, healthPort, nil, args...)
}

// startProcess is startCollectorIn with env added to the test's environment.
func startProcess(t *testing.T, dir string, healthPort int, env []string, args ...string) *collector {
	t.Helper()
	c := &collector{output: &lockedBuffer{}, done: make(chan struct{})}
	c.cmd = exec.Command(collectorBinary(t), args...)
	c.cmd.Dir = dir
	c.cmd.Env = append(os.Environ(), env...)
	c.cmd.Stdout = c.output
	c.cmd.Stderr = c.output
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		c.waitErr = c.cmd.Wait()
		close(c.done)
	}()
	t.Cleanup(func() {
		if !c.stopped {
			c.Stop(t)
		}
	})
	c.waitReady(t, healthPort)
	return c
}

func (c *collector) waitReady(t *testing.T, healthPort int) {
	t.Helper()
	url := "http://127.0.0.1:" + strconv.Itoa(healthPort) + "/"
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-c.done:
			t.Fatalf("otelcol-flows exited before it was ready: %v\n%s", c.waitErr, c.Output())
		default:
		}
		resp, err := http.Get(url) //nolint:noctx // short-lived readiness probe
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("otelcol-flows not ready on %s after 60s\n%s", url, c.Output())
}

// Stop sends SIGTERM and requires a clean exit within 30 seconds.
func (c *collector) Stop(t *testing.T) {
	t.Helper()
	c.stopped = true
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	select {
	case <-c.done:
	case <-ctx.Done():
		_ = c.cmd.Process.Kill()
		<-c.done
		t.Fatalf("otelcol-flows did not stop within 30s of SIGTERM\n%s", c.Output())
	}
	if c.waitErr != nil {
		t.Fatalf("otelcol-flows exited uncleanly: %v\n%s", c.waitErr, c.Output())
	}
}

// kill ends the process with SIGKILL, as a crash or the OOM killer would.
func (c *collector) kill() {
	c.stopped = true
	_ = c.cmd.Process.Kill()
	<-c.done
}

// Output is everything the process wrote to stdout and stderr so far.
func (c *collector) Output() string { return c.output.String() }

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
