package geodb // import "github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor/internal/geodb"

import (
	"fmt"
	"os"
)

// Reload opens the file again if it changed since it was last opened and
// swaps the new version in. It returns ErrUnchanged when there is nothing
// to do. On failure the version in use stays, and the same broken file is
// not retried (nor reported again) until it changes once more.
func (s *Source) Reload() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.current.Load() == nil {
		return ErrClosed
	}
	info, err := os.Stat(s.path)
	if err != nil {
		// geoipupdate renames atomically, but scripts that delete the old
		// file before moving the new one leave a gap: keep serving the open
		// version and look again next time.
		if os.IsNotExist(err) {
			return ErrUnchanged
		}
		return fmt.Errorf("geodb: %s database %q: %w", s.opts.Kind, s.path, err)
	}
	if sameVersion(info, s.loaded) || sameVersion(info, s.rejected) {
		return ErrUnchanged
	}
	p, err := s.open(s.path, s.opts)
	if err != nil {
		s.rejected = info
		return err
	}
	s.loaded, s.rejected = info, nil
	if old := s.current.Swap(newHandle(p)); old != nil {
		old.Release()
	}
	return nil
}

// sameVersion compares inode, size and modification time: a rename brings a
// new inode, an in-place copy a new size or time.
func sameVersion(a, b os.FileInfo) bool {
	if a == nil || b == nil {
		return false
	}
	return os.SameFile(a, b) && a.Size() == b.Size() && a.ModTime().Equal(b.ModTime())
}

// Close stops handing out the file; it is unmapped when the last batch
// using it releases it.
func (s *Source) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old := s.current.Swap(nil); old != nil {
		old.Release()
	}
	return nil
}
