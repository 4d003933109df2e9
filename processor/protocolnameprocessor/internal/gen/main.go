// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Command gen turns the IANA "Assigned Internet Protocol Numbers" registry
// (protocol-numbers.csv) into Go lookup tables indexed by protocol number, so
// the processor resolves a name with one array index and no allocation.
//
// Usage (from internal/names, see its go:generate line):
//
//	go run ../gen -in protocol-numbers.csv -out zz_protocols.go
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
)

func main() {
	in := flag.String("in", "protocol-numbers.csv", "IANA protocol-numbers.csv to read")
	out := flag.String("out", "zz_protocols.go", "Go file to write")
	flag.Parse()

	src, err := os.Open(*in)
	if err != nil {
		log.Fatal(err)
	}
	defer src.Close()

	var buf bytes.Buffer
	notes, err := generate(src, &buf)
	if err != nil {
		log.Fatalf("%s: %v", *in, err)
	}
	for _, n := range notes {
		fmt.Fprintf(os.Stderr, "gen: %s\n", n)
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
}
