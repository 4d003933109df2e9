// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package geodb

import (
	"net/netip"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/otelcol-flows/otelcol-flows/internal/geodbtest"
)

var berlinIP = netip.MustParseAddr("81.2.69.160")

func cityAt(t *testing.T, h *Handle) string {
	t.Helper()
	rec, _, err := h.Lookup(berlinIP)
	require.NoError(t, err)
	return rec.CityName
}

func TestSourceReloadSwapsAndKeepsOldUntilReleased(t *testing.T) {
	path := filepath.Join(t.TempDir(), "city.mmdb")
	geodbtest.WriteCity(t, path, geodbtest.Berlin)
	s, err := NewSource([]string{path}, Options{Kind: KindCity, CacheSize: 8})
	require.NoError(t, err)
	defer s.Close()
	assert.Equal(t, KindCity, s.Kind())

	assert.ErrorIs(t, s.Reload(), ErrUnchanged)

	old := s.Acquire()
	assert.Equal(t, "Berlin", cityAt(t, old))

	renamed := geodbtest.Berlin
	renamed.City = "Berlin-v2"
	geodbtest.WriteCity(t, path, renamed)
	require.NoError(t, s.Reload())

	cur := s.Acquire()
	assert.Equal(t, "Berlin-v2", cityAt(t, cur))
	cur.Release()

	// The batch holding the old version can still finish with it.
	assert.Equal(t, "Berlin", cityAt(t, old))
	old.Release()
	_, _, err = old.Lookup(berlinIP)
	assert.ErrorIs(t, err, ErrClosed, "last release closes the replaced version")
}

func TestSourceBrokenReplacementKeepsOldReader(t *testing.T) {
	path := filepath.Join(t.TempDir(), "city.mmdb")
	geodbtest.WriteCity(t, path, geodbtest.Berlin)
	s, err := NewSource([]string{path}, Options{Kind: KindCity})
	require.NoError(t, err)
	defer s.Close()

	require.NoError(t, geodbtest.Replace(path, []byte("truncated download")))
	err = s.Reload()
	require.Error(t, err)
	assert.NotErrorIs(t, err, ErrUnchanged)
	assert.Contains(t, err.Error(), path)
	assert.ErrorIs(t, s.Reload(), ErrUnchanged, "the same broken file is not retried")

	h := s.Acquire()
	assert.Equal(t, "Berlin", cityAt(t, h))
	h.Release()

	// A vanished file (between unlink and rename) is not an error either.
	require.NoError(t, os.Remove(path))
	assert.ErrorIs(t, s.Reload(), ErrUnchanged)

	fixed := geodbtest.Berlin
	fixed.City = "Berlin-fixed"
	geodbtest.WriteCity(t, path, fixed)
	require.NoError(t, s.Reload())
	h = s.Acquire()
	assert.Equal(t, "Berlin-fixed", cityAt(t, h))
	h.Release()
}

func TestSourceClose(t *testing.T) {
	path := filepath.Join(t.TempDir(), "city.mmdb")
	geodbtest.WriteCity(t, path, geodbtest.Berlin)
	s, err := NewSource([]string{path}, Options{Kind: KindCity})
	require.NoError(t, err)
	h := s.Acquire()
	require.NoError(t, s.Close())
	assert.Nil(t, s.Acquire())
	assert.ErrorIs(t, s.Reload(), ErrClosed)
	assert.Equal(t, "Berlin", cityAt(t, h), "in-flight batch finishes after Close")
	h.Release()
	require.NoError(t, s.Close())
}

func TestNewSourceMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "GeoLite2-City.mmdb")
	_, err := NewSource([]string{path}, Options{Kind: KindCity})
	require.ErrorIs(t, err, os.ErrNotExist)
	assert.Contains(t, err.Error(), path)
}
