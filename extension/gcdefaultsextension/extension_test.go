// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package gcdefaultsextension

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/confmap/xconfmap"
	"go.uber.org/zap"

	"github.com/otelcol-flows/otelcol-flows/extension/gcdefaultsextension/internal/metadata"
	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

// gcPercent reads the current setting (SetGCPercent only reads by writing).
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

func memoryLimit() int64 { return debug.SetMemoryLimit(-1) }

func fixedMemory(n uint64) func() (uint64, error) { return func() (uint64, error) { return n, nil } }

// startDefaults starts the default config on a 2 GiB machine under the given
// GOGC and GOMEMLIMIT; it returns the GC percent and memory limit from before.
func startDefaults(t *testing.T, gogc, gomemlimit string) (g *gcDefaults, beforePercent int, beforeLimit int64) {
	t.Helper()
	t.Setenv("GOGC", gogc)
	t.Setenv("GOMEMLIMIT", gomemlimit)
	beforePercent, beforeLimit = gcPercent(), memoryLimit()
	g = newGCDefaults(createDefaultConfig().(*Config), zap.NewNop(), fixedMemory(2<<30))
	require.NoError(t, g.Start(context.Background(), componenttest.NewNopHost()))
	return g, beforePercent, beforeLimit
}

func TestStartSetsDefaultsWhenEnvironmentIsSilent(t *testing.T) {
	g, beforePercent, beforeLimit := startDefaults(t, "", "")
	require.NotNil(t, g.tuner, "the heap floor is tuned when GOGC is unset")
	require.Equal(t, uint64(192)<<20, g.tuner.floor)
	require.Equal(t, int64(2<<30)/100*50, memoryLimit(), "half of a 2 GiB cgroup")
	require.NoError(t, g.Shutdown(context.Background()))
	require.Equal(t, beforePercent, gcPercent(), "Shutdown restores, so a reload does not stack")
	require.Equal(t, beforeLimit, memoryLimit())
}

func TestEnvironmentWins(t *testing.T) {
	g, beforePercent, beforeLimit := startDefaults(t, "150", "700MiB")
	require.Equal(t, beforePercent, gcPercent())
	require.Equal(t, beforeLimit, memoryLimit())
	require.NoError(t, g.Shutdown(context.Background()))
}

func TestUnknownMemorySetsOnlyThePercent(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	beforeLimit := memoryLimit()
	g := newGCDefaults(&Config{GCPercent: 300, MemoryLimitPercentage: 50}, zap.NewNop(), // no min_heap_mib: no tuner
		func() (uint64, error) { return 0, errors.New("no /proc") })
	require.NoError(t, g.Start(context.Background(), componenttest.NewNopHost()))
	require.Equal(t, 300, gcPercent())
	require.Equal(t, beforeLimit, memoryLimit())
	require.NoError(t, g.Shutdown(context.Background()))
}

func TestMemoryFromCgroupOrMachine(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(s), 0o600))
		return p
	}
	meminfo := write("meminfo", "MemTotal:       24576000 kB\nMemFree:  1 kB\n")
	limited := write("limited", "2147483648\n")
	unlimited := write("unlimited", "max\n")
	v1unlimited := write("v1", "9223372036854771712\n")

	got, err := memoryFrom([]string{limited}, meminfo)
	require.NoError(t, err)
	require.Equal(t, uint64(2<<30), got)
	for _, f := range []string{unlimited, v1unlimited, filepath.Join(dir, "missing")} {
		got, err = memoryFrom([]string{f}, meminfo)
		require.NoError(t, err)
		require.Equal(t, uint64(24576000)<<10, got, f)
	}
	_, err = memoryFrom(nil, write("bad", "MemFree: 1 kB\n"))
	require.Error(t, err)
}

func TestConfig(t *testing.T) {
	load := func(name string) *Config {
		cfg := createDefaultConfig().(*Config)
		require.NoError(t, testutil.UnmarshalConfig(t, component.NewIDWithName(metadata.Type, name), cfg))
		return cfg
	}
	require.Equal(t, &Config{GCPercent: 100, MinHeapMiB: 192, MemoryLimitPercentage: 50}, load(""))
	require.Equal(t, &Config{GCPercent: 200, MinHeapMiB: 64, MemoryLimitPercentage: 40}, load("custom"))
	err := xconfmap.Validate(load("bad"))
	require.ErrorContains(t, err, "gc_percent")
	require.ErrorContains(t, err, "min_heap_mib")
	require.ErrorContains(t, err, "memory_limit_percentage")
}
