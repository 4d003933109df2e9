// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package blobstorageextension // import "github.com/otelcol-flows/otelcol-flows/extension/blobstorageextension"

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"syscall"

	"go.opentelemetry.io/collector/extension/xextension/storage"
)

// client keeps values of at least minSize bytes in files of dir and
// everything else, with a pointer per file, in the wrapped client. A file is
// written before the batch that points to it commits and removed after the
// batch that drops the pointer commits, so a crash can leave a file nothing
// points to (removed at the next open) but never a pointer without its file.
type client struct {
	inner   storage.Client
	dir     string
	minSize int
	fsync   bool
	removed int // files no pointer named, removed when the client opened

	mu    sync.Mutex
	blobs map[string]blobRef // the file each key's value is in
	next  uint64             // sequence number of the next file
}

var _ storage.Client = (*client)(nil)

// openClient indexes the files of dir against the pointers in inner.
func openClient(ctx context.Context, inner storage.Client, dir string, minSize int, fsync bool) (*client, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("blob directory: %w", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("blob directory: %w", err)
	}
	c := &client{inner: inner, dir: dir, minSize: minSize, fsync: fsync, blobs: make(map[string]blobRef)}
	for _, e := range entries {
		seq, key, ok := parseFileName(e.Name())
		if !ok {
			continue
		}
		c.next = max(c.next, seq+1)
		ref, found, err := c.pointer(ctx, key)
		if err != nil {
			return nil, err
		}
		if found && ref.seq == seq {
			c.blobs[key] = ref
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
			return nil, fmt.Errorf("blob directory: %w", err)
		}
		c.removed++
	}
	return c, nil
}

func (c *client) pointer(ctx context.Context, key string) (blobRef, bool, error) {
	raw, err := c.inner.Get(ctx, pointerKey(key))
	if err != nil || raw == nil {
		return blobRef{}, false, err
	}
	ref, err := decodeRef(raw)
	return ref, err == nil, err
}

func (c *client) Get(ctx context.Context, key string) ([]byte, error) {
	op := storage.GetOperation(key)
	err := c.Batch(ctx, op)
	return op.Value, err
}

func (c *client) Set(ctx context.Context, key string, value []byte) error {
	return c.Batch(ctx, storage.SetOperation(key, value))
}

func (c *client) Delete(ctx context.Context, key string) error {
	return c.Batch(ctx, storage.DeleteOperation(key))
}

func (c *client) Close(ctx context.Context) error {
	return c.inner.Close(ctx)
}

// keyedRef is a file written during a batch.
type keyedRef struct {
	key string
	ref blobRef
}

// lookup is a Get of the batch: the inline value and the pointer, read in the
// same transaction.
type lookup struct {
	op, value, pointer *storage.Operation
}

// Batch turns every operation into two of the wrapped storage, on the key
// and on its pointer, so that the batch stays one atomic commit there.
func (c *client) Batch(ctx context.Context, ops ...*storage.Operation) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	innerOps := make([]*storage.Operation, 0, 2*len(ops))
	var lookups []lookup
	var written []keyedRef
	after := make(map[string]*blobRef, len(ops)) // keys set or deleted: their file after the batch, nil for none
	for _, op := range ops {
		switch op.Type {
		case storage.Get:
			l := lookup{op: op, value: storage.GetOperation(op.Key), pointer: storage.GetOperation(pointerKey(op.Key))}
			lookups = append(lookups, l)
			innerOps = append(innerOps, l.value, l.pointer)
		case storage.Set:
			if !c.belongsInFile(op.Key, op.Value) {
				innerOps = append(innerOps, storage.SetOperation(op.Key, op.Value), storage.DeleteOperation(pointerKey(op.Key)))
				after[op.Key] = nil
				continue
			}
			ref, err := c.write(op.Key, op.Value)
			if err != nil {
				c.discard(written)
				return err
			}
			written = append(written, keyedRef{op.Key, ref})
			innerOps = append(innerOps, storage.DeleteOperation(op.Key), storage.SetOperation(pointerKey(op.Key), ref.encode()))
			after[op.Key] = &ref
		case storage.Delete:
			innerOps = append(innerOps, storage.DeleteOperation(op.Key), storage.DeleteOperation(pointerKey(op.Key)))
			after[op.Key] = nil
		default:
			c.discard(written)
			return fmt.Errorf("blob_storage: unknown operation type %d", op.Type)
		}
	}
	if err := c.inner.Batch(ctx, innerOps...); err != nil {
		c.discard(written)
		return err
	}
	// Reads first: a Get before a Delete of the same key in this batch still
	// finds its file.
	var errs []error
	for _, l := range lookups {
		var err error
		l.op.Value, err = c.resolve(l)
		errs = append(errs, err)
	}
	c.forgetReplaced(written, after)
	return errors.Join(errs...)
}

func (c *client) belongsInFile(key string, value []byte) bool {
	return len(value) >= c.minSize && len(key) <= maxFileKey
}

func (c *client) resolve(l lookup) ([]byte, error) {
	if l.pointer.Value == nil {
		return l.value.Value, nil
	}
	ref, err := decodeRef(l.pointer.Value)
	if err != nil {
		return nil, fmt.Errorf("blob_storage: key %q: %w", l.op.Key, err)
	}
	return c.read(l.op.Key, ref)
}

// forgetReplaced removes the files that no key points to after a committed
// batch: the previous files of keys set or deleted, and files this batch
// wrote and then replaced itself.
func (c *client) forgetReplaced(written []keyedRef, after map[string]*blobRef) {
	for _, w := range written {
		if cur := after[w.key]; cur == nil || cur.seq != w.ref.seq {
			c.remove(w.key, w.ref)
		}
	}
	for key, ref := range after {
		if old, ok := c.blobs[key]; ok && (ref == nil || old.seq != ref.seq) {
			c.remove(key, old)
		}
		if ref == nil {
			delete(c.blobs, key)
		} else {
			c.blobs[key] = *ref
		}
	}
}

func (c *client) write(key string, value []byte) (blobRef, error) {
	ref := blobRef{seq: c.next, size: uint64(len(value))}
	c.next++
	path := c.path(key, ref)
	err := writeFile(path, value, c.fsync)
	if err == nil && c.fsync {
		err = syncDir(c.dir)
	}
	if err != nil {
		_ = os.Remove(path)
		if errors.Is(err, syscall.ENOSPC) {
			return ref, fmt.Errorf("%w: %w", storage.ErrStorageFull, err)
		}
		return ref, fmt.Errorf("blob_storage: %w", err)
	}
	return ref, nil
}

func writeFile(path string, value []byte, fsync bool) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(value)
	if err == nil && fsync {
		err = f.Sync()
	}
	return errors.Join(err, f.Close())
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	return errors.Join(d.Sync(), d.Close())
}

func (c *client) read(key string, ref blobRef) ([]byte, error) {
	value, err := os.ReadFile(c.path(key, ref))
	if err != nil {
		return nil, fmt.Errorf("blob_storage: key %q: %w", key, err)
	}
	if uint64(len(value)) != ref.size {
		return nil, fmt.Errorf("blob_storage: key %q: file %s has %d bytes, its pointer says %d",
			key, c.path(key, ref), len(value), ref.size)
	}
	return value, nil
}

// remove deletes a file after its pointer is gone; if that fails the file is
// an orphan, removed at the next open.
func (c *client) remove(key string, ref blobRef) {
	_ = os.Remove(c.path(key, ref))
}

func (c *client) discard(written []keyedRef) {
	for _, w := range written {
		c.remove(w.key, w.ref)
	}
}

func (c *client) path(key string, ref blobRef) string {
	return filepath.Join(c.dir, fileName(ref.seq, key))
}
