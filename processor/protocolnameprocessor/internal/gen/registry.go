// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// protocolCount is the size of the IPv4 "Protocol" / IPv6 "Next Header" space.
const protocolCount = 256

var errBadRow = errors.New("bad registry row")

// registry maps each protocol number to its keyword as IANA spells it after
// normalisation by keyword; "" means the number has no usable keyword.
type registry [protocolCount]string

// parseRegistry reads the CSV (header "Decimal,Keyword,Protocol,...") and
// returns the keywords plus human-readable notes about rows it skipped or
// merged, which gen prints so a registry update that changes them is seen.
func parseRegistry(r io.Reader) (registry, []string, error) {
	var reg registry
	var notes []string
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // the live registry has a trailing References column
	rows, err := cr.ReadAll()
	if err != nil {
		return reg, nil, err
	}
	if len(rows) == 0 || len(rows[0]) < 2 || rows[0][0] != "Decimal" || rows[0][1] != "Keyword" {
		return reg, nil, fmt.Errorf("%w: header must start with Decimal,Keyword", errBadRow)
	}
	seen := [protocolCount]bool{}
	for i, row := range rows[1:] {
		if len(row) < 2 {
			return reg, nil, fmt.Errorf("%w: line %d has %d fields", errBadRow, i+2, len(row))
		}
		lo, hi, err := parseDecimal(row[0])
		if err != nil {
			return reg, nil, fmt.Errorf("%w: line %d: %w", errBadRow, i+2, err)
		}
		kw := keyword(row[1])
		for n := lo; n <= hi; n++ {
			if seen[n] {
				// The registry lists 84 twice (TTP and IPTM): keep the first so
				// the table is stable and matches most /etc/protocols files.
				notes = append(notes, fmt.Sprintf("%d listed again as %q; kept %q", n, row[1], reg[n]))
				continue
			}
			seen[n] = true
			reg[n] = kw
		}
	}
	return reg, notes, nil
}

// parseDecimal accepts "6" or a range such as "146-252" (the live registry
// folds unassigned numbers into one row).
func parseDecimal(s string) (lo, hi int, err error) {
	s = strings.TrimSpace(s)
	a, b, isRange := strings.Cut(s, "-")
	if lo, err = parseNumber(a); err != nil {
		return 0, 0, err
	}
	hi = lo
	if isRange {
		if hi, err = parseNumber(b); err != nil {
			return 0, 0, err
		}
	}
	if hi < lo {
		return 0, 0, fmt.Errorf("range %q is reversed", s)
	}
	return lo, hi, nil
}

func parseNumber(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 || n >= protocolCount {
		return 0, fmt.Errorf("protocol number %q is not in 0-255", s)
	}
	return n, nil
}

// keyword normalises a registry keyword into a single token usable as an ECS
// keyword value:
//   - "Unassigned", "Reserved" and empty keywords (61, 63, 68, 99, 114: "any
//     ... protocol" placeholders; 253, 254: RFC 3692 experimentation) are not
//     protocol names, so they give "" and the processor counts them as unknown;
//   - the " (deprecated)" suffix (13 ARGUS, 53 SWIPE, 95 MICP, 122 SM) is
//     dropped: the wire still carries the number and the name is still right;
//   - inner spaces ("ISIS over IPv4", "Mobility Header") become hyphens, as in
//     /etc/protocols' "mobility-header".
func keyword(raw string) string {
	kw := strings.TrimSpace(raw)
	if i := strings.Index(strings.ToLower(kw), "(deprecated)"); i >= 0 {
		kw = strings.TrimSpace(kw[:i])
	}
	switch strings.ToLower(kw) {
	case "", "unassigned", "reserved":
		return ""
	}
	return strings.Join(strings.Fields(kw), "-")
}
