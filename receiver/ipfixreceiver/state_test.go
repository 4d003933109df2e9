// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver

import (
	"context"
	"testing"
	"time"

	"github.com/open-telemetry/opentelemetry-collector-contrib/extension/storage/filestorage"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/extension/extensiontest"
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

func TestStateSavedWhileRunning(t *testing.T) {
	host, id := startFileStorage(t, t.TempDir())
	cfg := testConfig()
	cfg.Storage = &id
	r := startReceiver(t, cfg, consumertest.NewNop(), host)
	send(t, exporter(t, r.addr, "127.0.0.1:0"), capture(t, "ipfix_test_mikrotik_tpl.dat"))
	// The first save is due on the first housekeeping tick after a change.
	require.Eventually(t, func() bool {
		blobs, err := r.state.load(context.Background())
		if err != nil || len(blobs) != cfg.Workers {
			return false
		}
		for _, b := range blobs {
			if len(b) > 0 {
				return true
			}
		}
		return false
	}, timeoutShort, 50*time.Millisecond)
}
