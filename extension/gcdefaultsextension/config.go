// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package gcdefaultsextension // import "github.com/otelcol-flows/otelcol-flows/extension/gcdefaultsextension"

import (
	"errors"
	"fmt"
)

// Config is what the extension sets when the environment does not.
type Config struct {
	// GCPercent is used when GOGC is unset: the heap may grow by this
	// percentage over the live heap before a collection.
	GCPercent int `mapstructure:"gc_percent"`
	// MinHeapMiB is used when GOGC is unset: no collection runs before the
	// heap reaches this size; above it gc_percent applies. 0 leaves
	// gc_percent alone at every heap size.
	MinHeapMiB int `mapstructure:"min_heap_mib"`
	// MemoryLimitPercentage is used when GOMEMLIMIT is unset: the soft
	// memory limit as a percentage of the cgroup's memory limit, or of the
	// machine's memory without one. 0 leaves the limit alone.
	MemoryLimitPercentage int `mapstructure:"memory_limit_percentage"`
}

// Validate checks the percentages.
func (c *Config) Validate() error {
	var errs []error
	if c.GCPercent < 1 {
		errs = append(errs, fmt.Errorf("gc_percent: %d, want at least 1 (the collector never turns the GC off)", c.GCPercent))
	}
	if c.MinHeapMiB < 0 {
		errs = append(errs, fmt.Errorf("min_heap_mib: %d, want 0 (none) or more", c.MinHeapMiB))
	}
	if c.MemoryLimitPercentage < 0 || c.MemoryLimitPercentage > 90 {
		errs = append(errs, fmt.Errorf("memory_limit_percentage: %d, want 0 (unset) to 90", c.MemoryLimitPercentage))
	}
	return errors.Join(errs...)
}
