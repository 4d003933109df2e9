// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Command gen writes elements_gen.go from the IANA IPFIX registry CSV, the logstash-codec-netflow
// ipfix.yaml (elements registered after 2013 and vendor elements) and the NetFlow v9 vendor CSV.
package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/otelcol-flows/otelcol-flows/internal/iana"
)

type element struct {
	pen       uint32
	id        uint16
	name      string
	typ       string
	semantics string
}

func main() {
	csvPath := flag.String("csv", "", "IANA ipfix-information-elements CSV")
	yamlPath := flag.String("yaml", "", "logstash-codec-netflow ipfix.yaml")
	v9Path := flag.String("v9", "", "NetFlow v9 vendor elements CSV")
	out := flag.String("out", "elements_gen.go", "output file")
	flag.Parse()
	iana, err := readIANA(*csvPath)
	if err != nil {
		log.Fatal(err)
	}
	extra, err := readYAML(*yamlPath)
	if err != nil {
		log.Fatal(err)
	}
	v9, err := readV9(*v9Path)
	if err != nil {
		log.Fatal(err)
	}
	src := render(sources{*csvPath, *yamlPath, *v9Path}, merge(iana, extra), append(enterprise(extra), v9...))
	formatted, err := format.Source(src)
	if err != nil {
		log.Fatalf("format: %v\n%s", err, src)
	}
	if err := os.WriteFile(*out, formatted, 0o600); err != nil {
		log.Fatal(err)
	}
}

// readIANA parses the registry CSV; ranges ("433-32767") and reserved rows are skipped.
func readIANA(path string) (map[uint16]element, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, err
	}
	out := map[uint16]element{}
	for _, r := range rows[1:] {
		id, err := strconv.ParseUint(r[0], 10, 16)
		if err != nil || r[2] == "" || strings.EqualFold(r[1], "Reserved") {
			continue
		}
		out[uint16(id)] = element{id: uint16(id), name: r[1], typ: r[2], semantics: r[3]}
	}
	return out, nil
}

// yamlTypes maps logstash's BinData type names to RFC 7012 types.
var yamlTypes = map[string]string{
	"uint8": "unsigned8", "uint15": "unsigned16", "uint16": "unsigned16", "uint24": "unsigned32",
	"uint32": "unsigned32", "uint64": "unsigned64", "int8": "signed8", "int16": "signed16",
	"int32": "signed32", "int64": "signed64", "float": "float32", "double": "float64",
	"ip4_addr": "ipv4Address", "ip6_addr": "ipv6Address", "mac_addr": "macAddress", "string": "string",
}

// readYAML parses the two-level "pen: id: [type, name]" layout of ipfix.yaml line by line.
func readYAML(path string) ([]element, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []element
	var pen, id uint64
	var vals []string
	flush := func() {
		if len(vals) == 2 {
			typ, ok := yamlTypes[vals[0]]
			if !ok {
				typ = "octetArray"
				if strings.Contains(vals[0], "name") || strings.Contains(vals[0], "uri") || strings.Contains(vals[0], "agent") || strings.Contains(vals[0], "host") || strings.Contains(vals[0], "query") {
					typ = "string"
				}
			}
			out = append(out, element{pen: uint32(pen), id: uint16(id), name: vals[1], typ: typ})
		}
		vals = vals[:0]
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		trim := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "  - "):
			vals = append(vals, strings.TrimPrefix(strings.TrimPrefix(trim, "- "), ":"))
		case strings.HasPrefix(line, "  ") && strings.HasSuffix(trim, ":"):
			flush()
			id, _ = strconv.ParseUint(strings.TrimSuffix(trim, ":"), 10, 16)
		case strings.HasSuffix(trim, ":") && trim != "---":
			flush()
			pen, _ = strconv.ParseUint(strings.TrimSuffix(trim, ":"), 10, 32)
		}
	}
	flush()
	return out, sc.Err()
}

func readV9(path string) ([]element, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []element
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Split(strings.TrimSpace(line), ",")
		if len(f) != 3 || strings.HasPrefix(f[0], "#") {
			continue
		}
		id, err := strconv.ParseUint(f[0], 10, 16)
		if err != nil {
			continue
		}
		out = append(out, element{id: uint16(id), name: f[1], typ: f[2]})
	}
	return out, nil
}

// merge adds IANA elements the 2013 CSV does not have (403 and up) from the yaml.
func merge(iana map[uint16]element, extra []element) []element {
	for _, e := range extra {
		if _, ok := iana[e.id]; e.pen == 0 && !ok && e.id < 32768 {
			iana[e.id] = e
		}
	}
	out := make([]element, 0, len(iana))
	for _, e := range iana {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// enterprise keeps vendor elements; PEN 29305 (RFC 5103 reverse) is derived from IANA instead.
func enterprise(extra []element) []element {
	var out []element
	for _, e := range extra {
		if e.pen != 0 && e.pen != 29305 {
			out = append(out, e)
		}
	}
	return out
}

type sources struct{ csv, yaml, v9 string }

func render(src sources, iana, ent []element) []byte {
	var b bytes.Buffer
	// The licence header first, as on every file (make check-license).
	b.WriteString("// Copyright The otelcol-flows Authors\n// SPDX-License-Identifier: Apache-2.0\n\n")
	// The marker on one line, as Go tools recognise it (go help generate).
	b.WriteString("// Code generated by gen. DO NOT EDIT.\n\n")
	fmt.Fprintf(&b, "// From %s (IANA IPFIX Information Elements registry),\n", src.csv)
	fmt.Fprintf(&b, "// %s (logstash-codec-netflow ipfix.yaml, Apache-2.0: elements 403+ and enterprise elements)\n", src.yaml)
	fmt.Fprintf(&b, "// and %s (NetFlow v9 vendor field types).\n\npackage iana\n\n", src.v9)
	maxID := iana[len(iana)-1].id
	fmt.Fprintf(&b, "var ianaElements = [%d]Element{\n", int(maxID)+1)
	for _, e := range iana {
		fmt.Fprintf(&b, "\t%d: %s,\n", e.id, lit(e))
	}
	fmt.Fprintf(&b, "}\n\nvar reverseElements = [%d]Element{\n", int(maxID)+1)
	for _, e := range iana {
		r := e
		r.pen, r.name = 29305, "reverse"+string(unicode.ToUpper(rune(e.name[0])))+e.name[1:]
		fmt.Fprintf(&b, "\t%d: %s,\n", e.id, lit(r))
	}
	b.WriteString("}\n\nvar enterpriseElements = map[uint64]Element{\n")
	seen := map[uint64]bool{}
	for _, e := range ent {
		k := uint64(e.pen)<<16 | uint64(e.id)
		if seen[k] {
			continue
		}
		seen[k] = true
		fmt.Fprintf(&b, "\t%d<<16 | %d: %s,\n", e.pen, e.id, lit(e))
	}
	b.WriteString("}\n")
	return b.Bytes()
}

func lit(e element) string {
	sem := "Default"
	if e.semantics != "" && e.semantics != "default" {
		sem = strings.ToUpper(e.semantics[:1]) + e.semantics[1:]
	}
	return fmt.Sprintf("{PEN: %d, ID: %d, Name: %q, Key: %q, Type: %s, Semantics: %s}",
		e.pen, e.id, e.name, iana.KeyFor(e.name), typeConst(e.typ), sem)
}

func typeConst(t string) string {
	switch t {
	case "macAddress":
		return "MACAddress"
	case "ipv4Address":
		return "IPv4Address"
	case "ipv6Address":
		return "IPv6Address"
	case "":
		return "OctetArray"
	}
	return strings.ToUpper(t[:1]) + t[1:]
}
