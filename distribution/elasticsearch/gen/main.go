// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Command gen writes component-netflow.json, the mappings of the netflow.*
// fields, from the information element table the ipfix receiver decodes
// with (internal/iana): every element
// whose IANA type is an address gets "ip", every dateTime* element "date".
// Integers, floats, booleans and strings need no per-element entry: the
// type-based dynamic templates at the end map them to long, double,
// boolean and keyword.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/otelcol-flows/otelcol-flows/distribution/elasticsearch"
	"github.com/otelcol-flows/otelcol-flows/internal/iana"
)

func main() {
	out := flag.String("out", "component-netflow.json", "file to write")
	flag.Parse()
	data, err := elasticsearch.NetflowComponent(iana.All())
	if err == nil {
		err = os.WriteFile(*out, data, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
