// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package blobstorageextension // import "github.com/otelcol-flows/otelcol-flows/extension/blobstorageextension"

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/extension/extensioncapabilities"
	"go.opentelemetry.io/collector/extension/xextension/storage"
	"go.uber.org/zap"
)

type blobStorage struct {
	cfg    *Config
	logger *zap.Logger
	host   component.Host
}

var (
	_ storage.Extension               = (*blobStorage)(nil)
	_ extensioncapabilities.Dependent = (*blobStorage)(nil)
)

func newBlobStorage(cfg *Config, logger *zap.Logger) *blobStorage {
	return &blobStorage{cfg: cfg, logger: logger}
}

// Dependencies makes the collector start the wrapped storage first.
func (b *blobStorage) Dependencies() []component.ID {
	return []component.ID{b.cfg.Storage}
}

func (b *blobStorage) Start(_ context.Context, host component.Host) error {
	b.host = host
	if b.cfg.CreateDirectory {
		if err := os.MkdirAll(b.cfg.Directory, 0o750); err != nil {
			return fmt.Errorf("directory: %w", err)
		}
	}
	if fi, err := os.Stat(b.cfg.Directory); err != nil {
		return fmt.Errorf("directory: %w", err)
	} else if !fi.IsDir() {
		return fmt.Errorf("directory %s: not a directory", b.cfg.Directory)
	}
	return nil
}

func (b *blobStorage) Shutdown(context.Context) error { return nil }

// GetClient opens the wrapped storage's client for the component and a blob
// directory named the way file_storage names its database files.
func (b *blobStorage) GetClient(ctx context.Context, kind component.Kind, id component.ID, storageName string) (storage.Client, error) {
	wrapped, err := b.wrapped()
	if err != nil {
		return nil, err
	}
	inner, err := wrapped.GetClient(ctx, kind, id, storageName)
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(b.cfg.Directory, clientDirName(kind, id, storageName))
	c, err := openClient(ctx, inner, dir, b.cfg.MinSize, b.cfg.FSync)
	if err != nil {
		_ = inner.Close(ctx)
		return nil, err
	}
	if c.removed > 0 {
		b.logger.Info("Removed blob files no key pointed to (written or replaced when the collector stopped)",
			zap.String("directory", dir), zap.Int("files", c.removed))
	}
	return c, nil
}

// wrapped finds the storage extension when a component asks for a client,
// after every extension has started.
func (b *blobStorage) wrapped() (storage.Extension, error) {
	if b.host == nil {
		return nil, errors.New("blob_storage: GetClient before Start")
	}
	ext, ok := b.host.GetExtensions()[b.cfg.Storage]
	if !ok {
		return nil, fmt.Errorf("blob_storage: storage %q: no such extension in the service", b.cfg.Storage)
	}
	inner, ok := ext.(storage.Extension)
	if !ok {
		return nil, fmt.Errorf("blob_storage: storage %q: not a storage extension", b.cfg.Storage)
	}
	return inner, nil
}

func clientDirName(kind component.Kind, id component.ID, storageName string) string {
	name := strings.ToLower(kind.String()) + "_" + id.Type().String() + "_" + id.Name()
	if storageName != "" {
		name += "_" + storageName
	}
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.' {
			return r
		}
		return '~'
	}, name)
}
