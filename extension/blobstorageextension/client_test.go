// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package blobstorageextension

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/open-telemetry/opentelemetry-collector-contrib/extension/storage/filestorage"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/extension"
	"go.opentelemetry.io/collector/extension/extensiontest"
	"go.opentelemetry.io/collector/extension/xextension/storage"
	"go.uber.org/zap"
)

var (
	fileStorageID = component.MustNewID("file_storage")
	queueOwner    = component.MustNewID("elasticsearch")
)

// host offers the extensions a blob_storage finds its wrapped storage in.
type host struct {
	component.Host
	extensions map[component.ID]component.Component
}

func (h host) GetExtensions() map[component.ID]component.Component { return h.extensions }

// storagePair is a real file_storage (bbolt) and a blob_storage wrapping it,
// on directories that survive a reopen.
type storagePair struct {
	t                 testing.TB
	bboltDir, blobDir string
	fileStorage       extension.Extension
	blobs             *blobStorage
}

func newStoragePair(t testing.TB) *storagePair {
	return &storagePair{t: t, bboltDir: t.TempDir(), blobDir: t.TempDir()}
}

// open starts both extensions and returns the queue owner's clients: the
// wrapped one, to look behind the blob client, and the blob client.
func (p *storagePair) open() (storage.Client, storage.Client) {
	t, ctx := p.t, context.Background()
	fsFactory := filestorage.NewFactory()
	fsCfg := fsFactory.CreateDefaultConfig().(*filestorage.Config)
	fsCfg.Directory = p.bboltDir
	fs, err := fsFactory.Create(ctx, extensiontest.NewNopSettings(fsFactory.Type()), fsCfg)
	require.NoError(t, err)
	require.NoError(t, fs.Start(ctx, componenttest.NewNopHost()))
	p.fileStorage = fs

	cfg := createDefaultConfig().(*Config)
	cfg.Storage, cfg.Directory, cfg.MinSize = fileStorageID, p.blobDir, 1024
	p.blobs = newBlobStorage(cfg, zap.NewNop())
	require.NoError(t, p.blobs.Start(ctx, host{Host: componenttest.NewNopHost(),
		extensions: map[component.ID]component.Component{fileStorageID: fs}}))
	c, err := p.blobs.GetClient(ctx, component.KindExporter, queueOwner, "logs")
	require.NoError(t, err)
	return c.(*client).inner, c
}

func (p *storagePair) close(c storage.Client) {
	require.NoError(p.t, c.Close(context.Background()))
	require.NoError(p.t, p.fileStorage.Shutdown(context.Background()))
}

func (p *storagePair) files() []string {
	dir := filepath.Join(p.blobDir, "exporter_elasticsearch__logs")
	entries, err := os.ReadDir(dir)
	require.NoError(p.t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func large(b byte) []byte { return bytes.Repeat([]byte{b}, 4096) }

// openWith opens a storage pair and sets key to value through the blob client.
func openWith(t testing.TB, key string, value []byte) (context.Context, *storagePair, storage.Client) {
	t.Helper()
	ctx := context.Background()
	p := newStoragePair(t)
	_, c := p.open()
	require.NoError(t, c.Set(ctx, key, value))
	return ctx, p, c
}

// requireGet reads key from c and requires want, or no value where want is nil.
func requireGet(t testing.TB, c storage.Client, key string, want []byte, msgAndArgs ...any) {
	t.Helper()
	got, err := c.Get(context.Background(), key)
	require.NoError(t, err)
	if want == nil {
		require.Nil(t, got, msgAndArgs...)
		return
	}
	require.Equal(t, want, got, msgAndArgs...)
}

func TestLargeValuesLiveInFilesSmallOnesInTheWrappedStorage(t *testing.T) {
	ctx := context.Background()
	p := newStoragePair(t)
	raw, c := p.open()
	require.NoError(t, c.Batch(ctx, storage.SetOperation("meta", []byte("small")), storage.SetOperation("1", large('a'))))

	requireGet(t, c, "1", large('a'))
	requireGet(t, c, "meta", []byte("small"))
	requireGet(t, c, "2", nil)

	requireGet(t, raw, "1", nil, "the large value is not in bbolt")
	ptr, err := raw.Get(ctx, pointerKey("1"))
	require.NoError(t, err)
	require.Len(t, ptr, 16)
	require.Len(t, p.files(), 1)
	p.close(c)
}

func TestBatchKeepsOrderWithinTheBatch(t *testing.T) {
	ctx, p, c := openWith(t, "1", large('a'))

	// A Get before a Delete of the same key reads the value being deleted; a
	// Get after a Set reads the value just set.
	before := storage.GetOperation("1")
	after := storage.GetOperation("2")
	require.NoError(t, c.Batch(ctx, before, storage.DeleteOperation("1"), storage.SetOperation("2", large('b')), after))
	require.Equal(t, large('a'), before.Value)
	require.Equal(t, large('b'), after.Value)
	require.Len(t, p.files(), 1, "the deleted key's file is gone")

	// Replacing a large value by a small one, and the other way round.
	require.NoError(t, c.Set(ctx, "2", []byte("now small")))
	require.Empty(t, p.files())
	require.NoError(t, c.Set(ctx, "2", large('c')))
	require.NoError(t, c.Set(ctx, "2", large('d')))
	requireGet(t, c, "2", large('d'))
	require.Len(t, p.files(), 1, "a replaced file is removed")
	p.close(c)
}

func TestValuesSurviveAReopenAndStrayFilesAreRemoved(t *testing.T) {
	ctx, p, c := openWith(t, "7", large('x'))
	p.close(c)

	// A file written for a batch that never committed (the collector was
	// killed between the write and the commit), and one left by a removal
	// that failed: no pointer names either.
	dir := filepath.Join(p.blobDir, "exporter_elasticsearch__logs")
	require.NoError(t, os.WriteFile(filepath.Join(dir, fileName(99, "8")), large('y'), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, fileName(42, "7")), large('z'), 0o600))

	_, c = p.open()
	require.Equal(t, 2, c.(*client).removed)
	requireGet(t, c, "7", large('x'))
	requireGet(t, c, "8", nil)
	require.NoError(t, c.Set(ctx, "9", large('w')))
	require.Contains(t, p.files(), fileName(100, "9"), "sequence numbers continue after the highest file seen")
	p.close(c)
}

func TestTruncatedFileIsAnErrorNotData(t *testing.T) {
	ctx, p, c := openWith(t, "1", large('a'))
	name := filepath.Join(p.blobDir, "exporter_elasticsearch__logs", p.files()[0])
	require.NoError(t, os.Truncate(name, 100))
	_, err := c.Get(ctx, "1")
	require.ErrorContains(t, err, "has 100 bytes, its pointer says 4096")
	p.close(c)
}

// failingClient refuses every batch, as a full or closed bbolt does.
type failingClient struct{ storage.Client }

func (failingClient) Batch(context.Context, ...*storage.Operation) error {
	return errors.New("disk gone")
}

func TestAFailedCommitLeavesNoFiles(t *testing.T) {
	dir := t.TempDir()
	c, err := openClient(context.Background(), failingClient{}, dir, 1024, false)
	require.NoError(t, err)
	err = c.Batch(context.Background(), storage.SetOperation("1", large('a')), storage.SetOperation("2", large('b')))
	require.ErrorContains(t, err, "disk gone")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Empty(t, entries)
}

func TestMissingWrappedStorage(t *testing.T) {
	cfg := createDefaultConfig().(*Config)
	cfg.Storage, cfg.Directory = fileStorageID, t.TempDir()
	b := newBlobStorage(cfg, zap.NewNop())
	require.NoError(t, b.Start(context.Background(), componenttest.NewNopHost()))
	_, err := b.GetClient(context.Background(), component.KindExporter, queueOwner, "")
	require.ErrorContains(t, err, `storage "file_storage": no such extension`)
}
