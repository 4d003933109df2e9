// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"time"
)

// entry is one file of an archive: where it comes from on disk and its path inside.
type entry struct {
	src, name string
	mode      os.FileMode
}

// buildArchive writes otelcol-flows_<version>_<os>_<arch>.tar.gz (.zip for Windows) into o.out:
// one top directory of that name holding bin/otelcol-flows and the repository's release files at
// their repository paths.
func buildArchive(o options) (string, error) {
	if err := o.check(); err != nil {
		return "", err
	}
	base := fmt.Sprintf("otelcol-flows_%s_%s_%s", o.version, o.goos, o.arch)
	binName := "bin/otelcol-flows"
	ext := ".tar.gz"
	if o.goos == "windows" {
		binName += ".exe"
		ext = ".zip"
	}
	entries := []entry{{src: o.binary, name: path.Join(base, binName), mode: 0o755}}
	rel, err := releaseFiles(o.root)
	if err != nil {
		return "", err
	}
	for _, f := range rel {
		if f.rule.debOnly {
			continue
		}
		mode, err := fileMode(o.root, f)
		if err != nil {
			return "", err
		}
		entries = append(entries, entry{src: filepath.Join(o.root, filepath.FromSlash(f.src)), name: path.Join(base, f.src), mode: mode})
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return "", err
	}
	out := filepath.Join(o.out, base+ext)
	write := writeTarGz
	if ext == ".zip" {
		write = writeZip
	}
	if err := writeFile(out, func(w io.Writer) error { return write(w, entries, modTime()) }); err != nil {
		return "", err
	}
	return out, nil
}

// writeFile creates path with fill, and removes it again when fill fails.
func writeFile(path string, fill func(io.Writer) error) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		err = errors.Join(err, f.Close())
		if err != nil {
			os.Remove(path)
		}
	}()
	return fill(f)
}

func writeTarGz(w io.Writer, entries []entry, mtime time.Time) error {
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	for _, e := range entries {
		if err := addTar(tw, e, mtime); err != nil {
			return err
		}
	}
	return errors.Join(tw.Close(), gz.Close())
}

func addTar(tw *tar.Writer, e entry, mtime time.Time) error {
	src, err := os.Open(e.src)
	if err != nil {
		return err
	}
	defer src.Close()
	st, err := src.Stat()
	if err != nil {
		return err
	}
	hdr := &tar.Header{Name: e.name, Mode: int64(e.mode), Size: st.Size(), ModTime: mtime, Typeflag: tar.TypeReg, Format: tar.FormatPAX}
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	_, err = io.Copy(tw, src)
	return err
}

func writeZip(w io.Writer, entries []entry, mtime time.Time) error {
	zw := zip.NewWriter(w)
	for _, e := range entries {
		if err := addZip(zw, e, mtime); err != nil {
			return err
		}
	}
	return zw.Close()
}

func addZip(zw *zip.Writer, e entry, mtime time.Time) error {
	src, err := os.Open(e.src)
	if err != nil {
		return err
	}
	defer src.Close()
	hdr := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: mtime}
	hdr.SetMode(e.mode)
	dst, err := zw.CreateHeader(hdr)
	if err != nil {
		return err
	}
	_, err = io.Copy(dst, src)
	return err
}
