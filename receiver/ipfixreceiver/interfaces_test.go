// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver

import (
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver/internal/decoder"
)

func ifKey(addr string, idx uint32) decoder.InterfaceKey {
	return decoder.InterfaceKey{Exporter: netip.MustParseAddr(addr), Index: idx}
}

func TestInterfacesLoad(t *testing.T) {
	for _, file := range []string{"interfaces.yaml", "interfaces.csv"} {
		c := InterfacesConfig{File: filepath.Join("testdata", file), ReloadInterval: time.Second,
			Static: []InterfaceConfig{{Exporter: "2001:db8::1", Index: 3, Name: "eth3"}}}
		assert.Empty(t, c.validate())
		m, err := c.load()
		require.NoError(t, err)
		assert.Equal(t, decoder.Interface{Name: "eth3"}, m[ifKey("2001:db8::1", 3)])
		assert.Len(t, m, 3, file)
	}
	m, err := (&InterfacesConfig{File: filepath.Join("testdata", "interfaces.yaml")}).load()
	require.NoError(t, err)
	assert.Equal(t, decoder.Interface{Name: "xe-0/0/0", Description: "transit to AS64500", Speed: 10e9}, m[ifKey("192.0.2.1", 542)])
	m, err = (&InterfacesConfig{File: filepath.Join("testdata", "interfaces.csv")}).load()
	require.NoError(t, err)
	assert.Equal(t, decoder.Interface{Name: "Gi0/0/0", Description: "uplink, primary", Speed: 1e9}, m[ifKey("192.0.2.2", 1)])
}

// Errors name the file, the line and the key.
func TestInterfacesBadFiles(t *testing.T) {
	yml := filepath.Join("testdata", "interfaces_bad.yaml")
	_, err := (&InterfacesConfig{File: yml}).load()
	for _, want := range []string{
		yml + ":4: 'index' 1 of exporter 192.0.2.1 is already defined at " + yml + ":1",
		yml + `:7: 'exporter' "not-an-ip" is not an IP address`,
		yml + ":10: unknown key 'nmae'",
	} {
		assert.ErrorContains(t, err, want)
	}
	csvPath := filepath.Join("testdata", "interfaces_bad.csv")
	_, err = (&InterfacesConfig{File: csvPath}).load()
	assert.ErrorContains(t, err, csvPath+`:2: 'index' "one" is not an ifIndex`)
	assert.ErrorContains(t, err, csvPath+":4: 'index' 2 of exporter 192.0.2.2 is already defined at "+csvPath+":3")

	c := InterfacesConfig{File: "interfaces.txt", Static: []InterfaceConfig{{Exporter: "192.0.2.1", Index: 1}}}
	errs := c.validate()
	assert.ErrorContains(t, errs[0], "'interfaces::reload_interval' must be greater than zero")
	assert.ErrorContains(t, errs[1], "'interfaces::static[0]': sets none of 'name', 'description', 'speed'")
	assert.ErrorContains(t, errs[1], "'interfaces::file': open interfaces.txt")
}

// A changed file is reloaded; a broken one keeps the previous table, is logged once and counted
// at every failed reload.
func TestInterfacesReload(t *testing.T) {
	path := filepath.Join(t.TempDir(), "if.yaml")
	write := func(s string, mod time.Time) {
		require.NoError(t, os.WriteFile(path, []byte(s), 0o600))
		require.NoError(t, os.Chtimes(path, mod, mod))
	}
	t0 := time.Now().Add(-time.Hour)
	write("- {exporter: 192.0.2.1, index: 1, name: one}\n", t0)
	core, logs := observer.New(zap.InfoLevel)
	shared := &decoder.Interfaces{}
	failures := 0
	l := &interfacesReloader{cfg: &InterfacesConfig{File: path, ReloadInterval: time.Second}, shared: shared,
		logger: zap.New(core), failed: func() { failures++ }}
	require.NoError(t, l.start())
	name := func() string {
		i, _ := shared.Lookup(netip.MustParseAddr("192.0.2.1"), 1)
		return i.Name
	}
	assert.Equal(t, "one", name())
	l.check()
	assert.Equal(t, "one", name(), "unchanged file is not reloaded")

	write("- {exporter: 192.0.2.1, index: 1, name: uno}\n", t0.Add(time.Minute))
	l.check()
	assert.Equal(t, "uno", name())

	write("- {exporter: 192.0.2.1, index: 1, name: [broken\n", t0.Add(2*time.Minute))
	l.check()
	write("- {exporter: 192.0.2.1, index: 1, nmae: x}\n", t0.Add(3*time.Minute))
	l.check()
	assert.Equal(t, "uno", name(), "a broken file keeps the previous table")
	assert.Equal(t, 2, failures)
	assert.Equal(t, 1, logs.FilterMessageSnippet("reload failed").Len())

	write("- {exporter: 192.0.2.1, index: 1, name: eins}\n", t0.Add(4*time.Minute))
	l.check()
	assert.Equal(t, "eins", name())
	assert.Equal(t, 1, logs.FilterMessageSnippet("loads again").Len())
}
