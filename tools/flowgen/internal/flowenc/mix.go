// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package flowenc

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// DefaultMix is the template mix flowgen sends unless told otherwise: mostly
// ipt_NETFLOW (the exporter this project replaces a pipeline for), then
// softflowd, and some IPv6 (biflow in IPFIX, softflowd's in v9).
func DefaultMix(ipfix bool) string {
	if ipfix {
		return "iptnetflow4=6,softflowd4=2,biflow6=2"
	}
	return "iptnetflow4=6,softflowd4=2,softflowd6=2"
}

// Mix picks templates at random with fixed weights.
type Mix struct {
	Templates  []*Template
	cumulative []int
}

// ParseMix parses "name=weight,name=weight".
func ParseMix(s string, ipfix bool) (*Mix, error) {
	m := &Mix{}
	total := 0
	for part := range strings.SplitSeq(s, ",") {
		name, w, ok := strings.Cut(strings.TrimSpace(part), "=")
		weight, err := strconv.Atoi(w)
		if !ok || err != nil || weight <= 0 {
			return nil, fmt.Errorf("mix entry %q: want name=positive-weight", part)
		}
		t, err := lookupTemplate(ipfix, name)
		if err != nil {
			return nil, err
		}
		total += weight
		m.Templates = append(m.Templates, t)
		m.cumulative = append(m.cumulative, total)
	}
	if total == 0 {
		return nil, errors.New("empty mix")
	}
	return m, nil
}

// pick returns one template, chosen by weight.
func (m *Mix) pick(r *rand.Rand) *Template {
	n := r.IntN(m.cumulative[len(m.cumulative)-1])
	for i, c := range m.cumulative {
		if n < c {
			return m.Templates[i]
		}
	}
	return m.Templates[len(m.Templates)-1]
}
