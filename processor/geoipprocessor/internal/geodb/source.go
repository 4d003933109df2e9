package geodb // import "github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor/internal/geodb"

import (
	"errors"
	"fmt"
	"os"
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

// Source is a database file that may be replaced while in use. geoipupdate
// (and the quick-start script) write a new file and rename it over the old
// one, so a change shows up as a new inode, size or modification time.
type Source struct {
	path string
	opts Options
	open func(path string, opts Options) (Provider, error)

	current atomic.Pointer[Handle]

	// mu serialises Reload and Close; lookups never take it.
	mu       sync.Mutex
	loaded   os.FileInfo // stat of the file behind current
	rejected os.FileInfo // stat of the last file that failed to open
}

// ErrUnchanged is returned by Reload when the file is the one already open
// (or the one that already failed to open).
var ErrUnchanged = errors.New("geodb: database file unchanged")

// NewSource opens the file at path; the error names the file.
func NewSource(path string, opts Options) (*Source, error) {
	return newSource(path, opts, Open)
}

func newSource(path string, opts Options, open func(string, Options) (Provider, error)) (*Source, error) {
	s := &Source{path: path, opts: opts, open: open}
	// Stat before opening: if the file is replaced in between, the next
	// Reload sees a newer stat and opens again, which is harmless.
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("geodb: %s database %q: %w", opts.Kind, path, err)
	}
	p, err := open(path, opts)
	if err != nil {
		return nil, err
	}
	s.loaded = info
	s.current.Store(newHandle(p))
	return s, nil
}

// Path is the file this source watches.
func (s *Source) Path() string { return s.path }

// Kind is the database this source serves; it names the source in logs and
// in the "database" attribute of the processor's metrics.
func (s *Source) Kind() Kind { return s.opts.Kind }

// Acquire returns the current version, or nil once the source is closed.
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
