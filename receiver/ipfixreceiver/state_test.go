// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/open-telemetry/opentelemetry-collector-contrib/extension/storage/filestorage"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/extension/extensiontest"
	"go.opentelemetry.io/collector/extension/xextension/storage"

	"github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver/internal/decoder"
	"github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver/internal/metadata"
)

// storageHost offers one storage extension to the receiver.
type storageHost struct {
	extensions map[component.ID]component.Component
}

func (h *storageHost) GetExtensions() map[component.ID]component.Component { return h.extensions }

// startFileStorage starts the real file_storage extension on dir.
func startFileStorage(t *testing.T, dir string) (*storageHost, component.ID) {
	t.Helper()
	factory := filestorage.NewFactory()
	cfg := factory.CreateDefaultConfig().(*filestorage.Config)
	cfg.Directory = dir
	cfg.Compaction.Directory = dir
	id := component.MustNewIDWithName("file_storage", "flows")
	set := extensiontest.NewNopSettings(factory.Type())
	set.ID = id
	ext, err := factory.Create(context.Background(), set, cfg)
	require.NoError(t, err)
	host := &storageHost{extensions: map[component.ID]component.Component{id: ext}}
	require.NoError(t, ext.Start(context.Background(), host))
	t.Cleanup(func() { require.NoError(t, ext.Shutdown(context.Background())) })
	return host, id
}

func TestTemplatesSurviveRestartWithFileStorage(t *testing.T) {
	dir := t.TempDir()
	cfg := testConfig()
	cfg.Limits.Pending = PendingConfig{} // data without template must not wait: it is dropped and counted

	host, id := startFileStorage(t, dir)
	cfg.Storage = &id
	first := new(consumertest.LogsSink)
	r1 := startReceiver(t, cfg, first, host)
	exp := exporter(t, r1.addr, "127.0.0.1:0")
	send(t, exp, capture(t, "ipfix_test_mikrotik_tpl.dat"), capture(t, "goflow2_nfv9_template260.bin"),
		capture(t, "ipfix_test_mikrotik_data258.dat"))
	require.Eventually(t, func() bool { return first.LogRecordCount() == 28 }, timeoutShort, tick)
	require.NoError(t, r1.Shutdown(context.Background()))
	require.NoError(t, exp.Close()) // the exporter's port is reused below
	require.NoError(t, host.extensions[id].Shutdown(context.Background()))

	// A new process: new extension on the same directory, new receiver,
	// new port; the exporter address is the same, its templates are not resent.
	host2, _ := startFileStorage(t, dir)
	second := new(consumertest.LogsSink)
	cfg.Endpoint = "127.0.0.1:0"
	r2 := startReceiver(t, cfg, second, host2)
	assert.Equal(t, float64(3), r2.metricValue(t, "receiver_ipfix_templates"))
	exp2 := exporter(t, r2.addr, exp.LocalAddr().String())
	send(t, exp2, capture(t, "ipfix_test_mikrotik_data259.dat"), capture(t, "goflow2_nfv9_data260.bin"))
	require.Eventually(t, func() bool { return second.LogRecordCount() == 18+21 }, timeoutShort, tick)
	assert.Zero(t, r2.metricValue(t, "receiver_ipfix_records_dropped"))
}

func TestStorageExtensionMissingFailsStart(t *testing.T) {
	cfg := testConfig()
	id := component.MustNewIDWithName("file_storage", "absent")
	cfg.Storage = &id
	r, err := newReceiver(settingsForTest(), cfg, consumertest.NewNop())
	require.NoError(t, err)
	err = r.Start(context.Background(), &storageHost{})
	require.ErrorContains(t, err, `storage extension "file_storage/absent" not found`)
	require.NoError(t, r.Shutdown(context.Background()))
}

// TestStateSavedWhileRunning: a worker that learns a template reports it,
// and the document written then still holds the exporters of every other
// worker (here restored from testdata/state_v2).
func TestStateSavedWhileRunning(t *testing.T) {
	host, id := startFileStorage(t, t.TempDir())
	storeLegacy(t, host, id, legacyBlobs(t))
	cfg := testConfig()
	cfg.Storage = &id
	cfg.Limits.TemplateTimeout = 0 // the blobs' templates were learned weeks ago
	r := startReceiver(t, cfg, consumertest.NewNop(), host)
	send(t, exporter(t, r.addr, "127.0.0.9:0"), capture(t, "ipfix_test_mikrotik_tpl.dat"))
	// The first save is due on the first housekeeping tick after a change.
	require.Eventually(t, func() bool { return storedTemplates(t, r.store) == 16+2 }, timeoutShort, 50*time.Millisecond)
}

// TestTemplatesSurviveWorkerCountChange saves templates with 3 workers,
// then restarts with 5 and with 2: every exporter's data decodes at once
// although most exporters now hash to another worker, and each restart
// leaves every exporter in the one document (the next restart starts from it).
func TestTemplatesSurviveWorkerCountChange(t *testing.T) {
	dir := t.TempDir()
	var addrs []string
	for i := 1; i <= 8; i++ {
		addrs = append(addrs, fmt.Sprintf("127.0.0.%d", i))
	}
	moved := map[int]int{}
	for _, a := range addrs {
		for _, n := range []int{2, 5} {
			if shardOf(netip.MustParseAddr(a), n) != shardOf(netip.MustParseAddr(a), 3) {
				moved[n]++
			}
		}
	}
	require.Positive(t, moved[2], "some exporters change worker from 3 to 2")
	require.Positive(t, moved[5], "some exporters change worker from 3 to 5")

	// run starts a receiver with workers on the stored state, sends each
	// exporter's packets and returns the records received. Each exporter
	// keeps its source port across the receiver's restarts, as a running
	// exporter does: a new port would be a new transport session.
	from := map[string]string{}
	for _, a := range addrs {
		from[a] = a + ":0"
	}
	run := func(workers int, packets ...[]byte) (*testReceiver, *consumertest.LogsSink, func()) {
		host, id := startFileStorage(t, dir)
		cfg := testConfig()
		cfg.Workers = workers
		cfg.Limits.Pending = PendingConfig{} // data without its template is dropped, not kept
		cfg.Storage = &id
		sink := new(consumertest.LogsSink)
		r := startReceiver(t, cfg, sink, host)
		var exps []*net.UDPConn
		for _, a := range addrs {
			exp := exporter(t, r.addr, from[a])
			from[a] = exp.LocalAddr().String()
			exps = append(exps, exp)
			send(t, exp, packets...)
		}
		stop := func() {
			require.NoError(t, r.Shutdown(context.Background()))
			require.NoError(t, host.extensions[id].Shutdown(context.Background()))
			for _, exp := range exps {
				require.NoError(t, exp.Close()) // its port is reused by the next run
			}
		}
		return r, sink, stop
	}

	r, sink, stop := run(3, capture(t, "ipfix_test_mikrotik_tpl.dat"), capture(t, "ipfix_test_mikrotik_data258.dat"))
	require.Eventually(t, func() bool { return sink.LogRecordCount() == 28*len(addrs) }, timeoutShort, tick)
	assert.Equal(t, float64(2*len(addrs)), r.metricValue(t, "receiver_ipfix_templates"))
	stop()

	for _, workers := range []int{5, 2} {
		r, sink, stop := run(workers, capture(t, "ipfix_test_mikrotik_data258.dat"))
		assert.Equal(t, float64(2*len(addrs)), r.metricValue(t, "receiver_ipfix_templates"), "%d workers", workers)
		require.Eventually(t, func() bool { return sink.LogRecordCount() == 28*len(addrs) }, timeoutShort, tick,
			"%d workers: %d records", workers, sink.LogRecordCount())
		assert.Zero(t, r.metricValue(t, "receiver_ipfix_records_dropped"), "%d workers", workers)
		assert.Equal(t, 2*len(addrs), storedTemplates(t, r.store), "%d workers: the document holds every exporter", workers)
		assert.Empty(t, legacyKeysLeft(t, r.store.client), "%d workers", workers)
		stop()
	}
}

// TestStateOfPreviousVersionIsRestored: testdata/state_v1.json is what the
// receiver stored before exporters were keyed by transport session (made
// by that version from ipfix_test_mikrotik_tpl.dat sent by 127.0.0.1). After
// the upgrade the exporter, still on its port, decodes its data at once;
// another exporter on the address does not inherit the templates.
func TestStateOfPreviousVersionIsRestored(t *testing.T) {
	blob, err := os.ReadFile(filepath.Join("testdata", "state_v1.json"))
	require.NoError(t, err)
	host, id := startFileStorage(t, t.TempDir())
	storeLegacy(t, host, id, map[string][]byte{legacyWorkersKey: []byte("1"), "state/0": blob})

	cfg := testConfig()
	cfg.Storage = &id
	cfg.Limits.Pending = PendingConfig{} // data without its template is dropped, not kept
	cfg.Limits.TemplateTimeout = 0       // the blob's templates were learned months ago
	sink := new(consumertest.LogsSink)
	r := startReceiver(t, cfg, sink, host)
	assert.Equal(t, float64(2), r.metricValue(t, "receiver_ipfix_templates"))
	assert.Equal(t, 2, storedTemplates(t, r.store), "rewritten as one document")
	assert.Empty(t, legacyKeysLeft(t, r.store.client), "the blob and the worker count are deleted")
	send(t, exporter(t, r.addr, "127.0.0.1:0"), capture(t, "ipfix_test_mikrotik_data258.dat"))
	require.Eventually(t, func() bool { return sink.LogRecordCount() == 28 }, timeoutShort, tick)

	send(t, exporter(t, r.addr, "127.0.0.1:0"), capture(t, "ipfix_test_mikrotik_data258.dat"))
	require.Eventually(t, func() bool {
		return r.metricValue(t, "receiver_ipfix_records_dropped", reason("no_template")) > 0
	}, timeoutShort, tick, "the second session waits for its own template")
	assert.Equal(t, 28, sink.LogRecordCount())
}

// TestStatePerWorkerIsRestored: testdata/state_v2 is what a 3-worker receiver
// stored before the one document (state version 2, one blob per worker, made
// by that version from ipfix_test_mikrotik_tpl.dat sent by 127.0.0.1..8, each
// from port 20550 plus its last byte). A 2-worker receiver decodes every
// exporter's data at once and leaves only the document in storage.
func TestStatePerWorkerIsRestored(t *testing.T) {
	host, id := startFileStorage(t, t.TempDir())
	storeLegacy(t, host, id, legacyBlobs(t))

	cfg := testConfig()
	cfg.Storage = &id
	cfg.Limits.Pending = PendingConfig{} // data without its template is dropped, not kept
	cfg.Limits.TemplateTimeout = 0       // the blobs' templates were learned weeks ago
	sink := new(consumertest.LogsSink)
	r := startReceiver(t, cfg, sink, host)
	assert.Equal(t, float64(16), r.metricValue(t, "receiver_ipfix_templates"))
	assert.Equal(t, 16, storedTemplates(t, r.store), "rewritten as one document")
	assert.Empty(t, legacyKeysLeft(t, r.store.client), "the blobs and the worker count are deleted")
	for i := 1; i <= 8; i++ {
		send(t, exporter(t, r.addr, fmt.Sprintf("127.0.0.%d:%d", i, 20550+i)), capture(t, "ipfix_test_mikrotik_data258.dat"))
	}
	require.Eventually(t, func() bool { return sink.LogRecordCount() == 8*28 }, timeoutShort, tick)
	assert.Zero(t, r.metricValue(t, "receiver_ipfix_records_dropped"))
}

// legacyBlobs reads testdata/state_v2 by storage key.
func legacyBlobs(t *testing.T) map[string][]byte {
	t.Helper()
	blobs := map[string][]byte{}
	for name, key := range map[string]string{"workers": legacyWorkersKey, "state_0.json": "state/0",
		"state_1.json": "state/1", "state_2.json": "state/2"} {
		b, err := os.ReadFile(filepath.Join("testdata", "state_v2", name))
		require.NoError(t, err)
		blobs[key] = b
	}
	return blobs
}

// storeLegacy writes blobs in the layout of receivers before state version 3.
func storeLegacy(t *testing.T, host *storageHost, id component.ID, blobs map[string][]byte) {
	t.Helper()
	client, err := host.extensions[id].(storage.Extension).GetClient(context.Background(),
		component.KindReceiver, component.NewID(metadata.Type), "templates")
	require.NoError(t, err)
	var ops []*storage.Operation
	for k, v := range blobs {
		ops = append(ops, storage.SetOperation(k, v))
	}
	require.NoError(t, client.Batch(context.Background(), ops...))
	require.NoError(t, client.Close(context.Background()))
}

// storedTemplates counts the templates in the stored document; -1 when there is none.
func storedTemplates(t *testing.T, s *templateStore) int {
	t.Helper()
	doc, err := s.client.Get(context.Background(), stateKey)
	require.NoError(t, err)
	if doc == nil {
		return -1
	}
	st, err := decoder.ParseState(doc)
	require.NoError(t, err)
	d := decoder.New(decoder.Config{})
	d.MergeState(st, nil)
	return d.Gauges().Templates
}

// legacyKeysLeft lists the keys of the per-worker layout still in storage.
func legacyKeysLeft(t *testing.T, client storage.Client) []string {
	t.Helper()
	var left []string
	for _, k := range []string{legacyWorkersKey, "state/0", "state/1", "state/2", "state/3", "state/4"} {
		v, err := client.Get(context.Background(), k)
		require.NoError(t, err)
		if v != nil {
			left = append(left, k)
		}
	}
	return left
}
