// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geodb // import "github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor/internal/geodb"

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
)

// Handle is one opened version of a database file, shared by the batches
// using it. It is closed when the last user releases it, so a reload never
// pulls a reader from under a lookup in flight.
type Handle struct {
	Provider
	// refs counts the Source's own reference plus one per Acquire. Once it
	// reaches zero it never rises again: Acquire refuses to revive it.
	refs atomic.Int64
}

func newHandle(p Provider) *Handle {
	h := &Handle{Provider: p}
	h.refs.Store(1)
	return h
}

func (h *Handle) tryAcquire() bool {
	for {
		n := h.refs.Load()
		if n <= 0 {
			return false
		}
		if h.refs.CompareAndSwap(n, n+1) {
			return true
		}
	}
}

// Release gives the handle back; the last release closes the file.
func (h *Handle) Release() {
	if h.refs.Add(-1) == 0 {
		_ = h.Provider.Close()
	}
}

// Source is a database (one file, or files split by IP version) that may be
// replaced while in use. geoipupdate (and the quick-start script) write a
// new file and rename it over the old one, so a change shows up as a new
// inode, size or modification time. The files are one version: a change to
// any of them opens all of them again.
type Source struct {
	paths []string
	opts  Options
	open  func(paths []string, opts Options) (Provider, error)

	current atomic.Pointer[Handle]

	// mu serialises Reload and Close; lookups never take it.
	mu       sync.Mutex
	closed   bool
	loaded   []os.FileInfo // stat of the files behind current
	rejected []os.FileInfo // stat of the last files that failed to open
}

// ErrUnchanged is returned by Reload when the file is the one already open
// (or the one that already failed to open).
var ErrUnchanged = errors.New("geodb: database file unchanged")

// NewSource opens the files at paths as one database; the error names the
// file.
func NewSource(paths []string, opts Options) (*Source, error) {
	return newSource(paths, opts, OpenFiles)
}

func newSource(paths []string, opts Options, open func([]string, Options) (Provider, error)) (*Source, error) {
	s := &Source{paths: paths, opts: opts, open: open}
	// Stat before opening: if a file is replaced in between, the next
	// Reload sees a newer stat and opens again, which is harmless.
	infos, err := s.stat()
	if err != nil {
		return nil, err
	}
	p, err := open(paths, opts)
	if err != nil {
		return nil, err
	}
	s.loaded = infos
	s.current.Store(newHandle(p))
	return s, nil
}

// NewPendingSource is a source whose files do not exist yet: it answers
// nothing (Acquire returns nil) until a Reload finds and opens them.
func NewPendingSource(paths []string, opts Options) *Source {
	return &Source{paths: paths, opts: opts, open: OpenFiles}
}

func (s *Source) stat() ([]os.FileInfo, error) {
	infos := make([]os.FileInfo, len(s.paths))
	for i, path := range s.paths {
		info, err := os.Stat(path)
		if err != nil {
			return nil, fmt.Errorf("geodb: %s database %q: %w", s.opts.Kind, path, err)
		}
		infos[i] = info
	}
	return infos, nil
}

// Path names the files this source watches.
func (s *Source) Path() string { return strings.Join(s.paths, ", ") }

// Kind is the database this source serves; it names the source in logs and
// in the "database" attribute of the processor's metrics.
func (s *Source) Kind() Kind { return s.opts.Kind }

// Acquire returns the current version, or nil once the source is closed
// (or while a pending source has not found its files).
// The caller must Release it, typically after one batch of records.
func (s *Source) Acquire() *Handle {
	for {
		h := s.current.Load()
		if h == nil {
			return nil
		}
		if h.tryAcquire() {
			return h
		}
		// h was swapped out and closed between Load and tryAcquire; the
		// pointer already holds its successor (or nil).
	}
}
