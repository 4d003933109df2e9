// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geodb // import "github.com/otelcol-flows/otelcol-flows/processor/geoipprocessor/internal/geodb"

import (
	"errors"
	"os"
)

// Reload opens the file again if it changed since it was last opened and
// swaps the new version in. It returns ErrUnchanged when there is nothing
// to do. On failure the version in use stays, and the same broken file is
// not retried (nor reported again) until it changes once more.
func (s *Source) Reload() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	infos, err := s.stat()
	if err != nil {
		// geoipupdate renames atomically, but scripts that delete the old
		// file before moving the new one leave a gap: keep serving the open
		// version and look again next time.
		if errors.Is(err, os.ErrNotExist) {
			return ErrUnchanged
		}
		return err
	}
	if sameVersions(infos, s.loaded) || sameVersions(infos, s.rejected) {
		return ErrUnchanged
	}
	p, err := s.open(s.paths, s.opts)
	if err != nil {
		s.rejected = infos
		return err
	}
	s.loaded, s.rejected = infos, nil
	if old := s.current.Swap(newHandle(p)); old != nil {
		old.Release()
	}
	return nil
}

func sameVersions(a, b []os.FileInfo) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !sameVersion(a[i], b[i]) {
			return false
		}
	}
	return true
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
	s.closed = true
	if old := s.current.Swap(nil); old != nil {
		old.Release()
	}
	return nil
}
