// Command gen writes component-netflow.json, the mappings of the netflow.*
// fields, from the information element table the ipfix receiver decodes
// with (receiver/ipfixreceiver/internal/iana/elements_gen.go): every element
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
)

func main() {
	table := flag.String("elements", "../../receiver/ipfixreceiver/internal/iana/elements_gen.go", "generated IANA element table")
	out := flag.String("out", "component-netflow.json", "file to write")
	flag.Parse()
	src, err := os.ReadFile(*table)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	data, err := elasticsearch.NetflowComponent(src)
	if err == nil {
		err = os.WriteFile(*out, data, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
