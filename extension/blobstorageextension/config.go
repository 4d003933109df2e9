// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package blobstorageextension // import "github.com/otelcol-flows/otelcol-flows/extension/blobstorageextension"

import (
	"errors"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap/xconfmap"
)

var _ xconfmap.Validator = (*Config)(nil)

// Config of the blob_storage extension.
type Config struct {
	// Storage is the storage extension (file_storage) that keeps keys, small
	// values and the pointers to blob files.
	Storage component.ID `mapstructure:"storage"`
	// Directory holds one subdirectory of blob files per client.
	Directory string `mapstructure:"directory"`
	// MinSize is the size from which a value goes to a file of its own.
	MinSize int `mapstructure:"min_size"`
	// FSync flushes each blob file and its directory to disk before its
	// pointer is committed. Set it together with file_storage's fsync.
	FSync bool `mapstructure:"fsync"`
	// CreateDirectory creates Directory when it does not exist.
	CreateDirectory bool `mapstructure:"create_directory"`
	// prevent unkeyed literal initialization
	_ struct{}
}

// Validate checks that the wrapped storage and the directory are named.
func (c *Config) Validate() error {
	var errs []error
	if c.Storage == (component.ID{}) {
		errs = append(errs, errors.New("storage: the storage extension that keeps keys and pointers (e.g. file_storage) must be set"))
	}
	if c.Directory == "" {
		errs = append(errs, errors.New("directory: must be set"))
	}
	if c.MinSize < 1 {
		errs = append(errs, errors.New("min_size: must be at least 1"))
	}
	return errors.Join(errs...)
}
