// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Command package builds the release artefacts of otelcol-flows from a built binary and the
// repository's files: a Debian package (with nfpm, as a library: no outside tool), a tarball
// (zip for Windows), and the SHA256SUMS of everything in the output directory.
//
//	package deb     -bin bin/linux_arm64/otelcol-flows -arch arm64 -version 0.1.0 -out bin/dist
//	package archive -bin bin/darwin_arm64/otelcol-flows -os darwin -arch arm64 -version 0.1.0 -out bin/dist
//	package sums    -out bin/dist
//
// `make package` and `make dist` run it; the layout of both is in layout.go.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "package:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) == 0 {
		return errors.New("usage: package deb|archive|sums [flags]")
	}
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	var o options
	fs.StringVar(&o.root, "root", ".", "repository root (where README.md and distribution/ are)")
	fs.StringVar(&o.binary, "bin", "", "the otelcol-flows binary built for -os/-arch")
	fs.StringVar(&o.goos, "os", "linux", "target GOOS")
	fs.StringVar(&o.arch, "arch", "", "target GOARCH (amd64, arm64, ...)")
	fs.StringVar(&o.version, "version", "", "release version, e.g. 0.1.0")
	fs.StringVar(&o.out, "out", "bin/dist", "output directory")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	var (
		path string
		err  error
	)
	switch args[0] {
	case "deb":
		path, err = buildDeb(o)
	case "archive":
		path, err = buildArchive(o)
	case "sums":
		path, err = writeSums(o.out)
	default:
		return fmt.Errorf("unknown command %q (deb, archive, sums)", args[0])
	}
	if err != nil {
		return err
	}
	fmt.Println(path)
	return nil
}

// options are the flags every command shares.
type options struct {
	root, binary, goos, arch, version, out string
}

func (o options) check() error {
	var errs []error
	if o.binary == "" {
		errs = append(errs, errors.New("-bin is required"))
	}
	if o.arch == "" {
		errs = append(errs, errors.New("-arch is required"))
	}
	if o.version == "" {
		errs = append(errs, errors.New("-version is required"))
	}
	return errors.Join(errs...)
}
