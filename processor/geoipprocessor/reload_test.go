// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geoipprocessor

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/otelcol-flows/otelcol-flows/internal/geodbtest"
)

func cityVersion(name string) []byte {
	c := geodbtest.Berlin
	c.City = name
	data, err := geodbtest.BuildCity("GeoIP2-City", c)
	if err != nil {
		panic(err)
	}
	return data
}

// loadGenerator sends batches from several goroutines until stopped and
// reports how many records it sent.
type loadGenerator struct {
	stop chan struct{}
	wg   sync.WaitGroup
	sent atomic.Int64
	errs atomic.Int64
}

func startLoad(h *harness, workers int) *loadGenerator {
	g := &loadGenerator{stop: make(chan struct{})}
	for w := 0; w < workers; w++ {
		g.wg.Add(1)
		go func() {
			defer g.wg.Done()
			for i := 0; ; i++ {
				select {
				case <-g.stop:
					return
				default:
				}
				recs := make([]map[string]any, 16)
				for r := range recs {
					recs[r] = map[string]any{"source.ip": fmt.Sprintf("81.2.69.%d", (i+r)%256)}
				}
				if err := h.proc.ConsumeLogs(context.Background(), logsWith(recs...)); err != nil {
					g.errs.Add(1)
				}
				g.sent.Add(int64(len(recs)))
			}
		}()
	}
	return g
}

func (g *loadGenerator) finish() {
	close(g.stop)
	g.wg.Wait()
}

// cityNames counts the source city name of every record the sink received.
func (h *harness) cityNames() map[string]int64 {
	names := map[string]int64{}
	for _, ld := range h.sink.AllLogs() {
		lrs := ld.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords()
		for i := 0; i < lrs.Len(); i++ {
			v, ok := lrs.At(i).Attributes().Get("source.geo.city_name")
			if !ok {
				names["<none>"]++
				continue
			}
			names[v.Str()]++
		}
	}
	return names
}

func waitCounter(t *testing.T, h *harness, name string, want int64) {
	t.Helper()
	require.Eventually(t, func() bool { return h.counter(t, name, "city") >= want },
		10*time.Second, 5*time.Millisecond, "%s never reached %d", name, want)
}

// TestReloadUnderLoad replaces the city database (write new, rename over, as
// geoipupdate does) while four goroutines send records, then replaces it
// with a broken file: every record must carry the old or the new city name,
// none may go out unenriched, and the broken file must not replace the
// good one.
func TestReloadUnderLoad(t *testing.T) {
	cfg := testDatabases(t)
	cfg.Databases.ASN = nil
	cfg.ReloadInterval = 2 * time.Millisecond
	require.NoError(t, geodbtest.Replace(cfg.Databases.City[0], cityVersion("Old Berlin")))
	h := startProcessor(t, cfg)

	load := startLoad(h, 4)
	// Let batches run on the old version, then swap under load.
	require.Eventually(t, func() bool { return load.sent.Load() > 500 }, 10*time.Second, time.Millisecond)
	require.NoError(t, geodbtest.Replace(cfg.Databases.City[0], cityVersion("New Berlin")))
	waitCounter(t, h, "reloads", 1)
	atReload := load.sent.Load()
	require.Eventually(t, func() bool { return load.sent.Load() > atReload+500 }, 10*time.Second, time.Millisecond)

	require.NoError(t, geodbtest.Replace(cfg.Databases.City[0], []byte("a truncated download")))
	waitCounter(t, h, "reload_errors", 1)
	atError := load.sent.Load()
	require.Eventually(t, func() bool { return load.sent.Load() > atError+500 }, 10*time.Second, time.Millisecond)
	load.finish()

	names := h.cityNames()
	assert.Zero(t, load.errs.Load())
	assert.Equal(t, load.sent.Load(), int64(h.sink.LogRecordCount()), "no record lost")
	assert.Equal(t, load.sent.Load(), names["Old Berlin"]+names["New Berlin"], "every record enriched: %v", names)
	assert.Positive(t, names["Old Berlin"])
	// 1000 records were sent after the swap; up to 4 batches of 16 may have
	// started before it.
	assert.GreaterOrEqual(t, names["New Berlin"], int64(1000-4*16), "new version in use, and kept after the broken file")
	assert.Equal(t, int64(1), h.counter(t, "reloads", "city"))
	assert.Equal(t, int64(1), h.counter(t, "reload_errors", "city"), "the broken file is reported once")

	// The last records still come from the good new version.
	got := h.consume(t, map[string]any{"source.ip": "81.2.69.160"})
	assert.Equal(t, "New Berlin", got[0]["source.geo.city_name"])
}

// TestReloadCountsPerDatabase checks that a reload of the ASN file is
// counted under database="asn" and leaves the city counters alone.
func TestReloadCountsPerDatabase(t *testing.T) {
	cfg := testDatabases(t)
	cfg.ReloadInterval = 2 * time.Millisecond
	h := startProcessor(t, cfg)

	renamed := geodbtest.ASNBerlin
	renamed.Org = "Renamed"
	data, err := geodbtest.BuildASN(renamed, geodbtest.ASNMunich)
	require.NoError(t, err)
	require.NoError(t, geodbtest.Replace(cfg.Databases.ASN[0], data))
	require.Eventually(t, func() bool { return h.counter(t, "reloads", "asn") == 1 },
		10*time.Second, 5*time.Millisecond)
	require.NoError(t, geodbtest.Replace(cfg.Databases.ASN[0], []byte("a truncated download")))
	require.Eventually(t, func() bool { return h.counter(t, "reload_errors", "asn") == 1 },
		10*time.Second, 5*time.Millisecond)

	assert.Zero(t, h.counter(t, "reloads", "city"))
	assert.Zero(t, h.counter(t, "reload_errors", "city"))
}
