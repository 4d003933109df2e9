// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package promtext scrapes a Prometheus text endpoint, such as the
// collector's own telemetry, and sums samples by metric name.
package promtext

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// Sample is one line of the exposition: a metric name, its labels as
// written, and the value.
type Sample struct {
	Name   string
	Labels string
	Value  float64
}

// Samples is one scrape.
type Samples []Sample

// Parse reads the text exposition format, skipping comments and lines it
// cannot read (a scrape must not fail on one odd line).
func Parse(r io.Reader) (Samples, error) {
	var out Samples
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		var s Sample
		rest := line
		if i := strings.IndexByte(line, '{'); i >= 0 {
			j := strings.LastIndexByte(line, '}')
			if j < i {
				continue
			}
			s.Name, s.Labels, rest = line[:i], line[i+1:j], line[j+1:]
		} else {
			s.Name, rest, _ = strings.Cut(line, " ")
		}
		fields := strings.Fields(rest) // value [timestamp]
		if len(fields) == 0 {
			continue
		}
		v, err := strconv.ParseFloat(fields[0], 64)
		if err != nil {
			continue
		}
		s.Value = v
		out = append(out, s)
	}
	return out, sc.Err()
}

// Sum adds up every sample of the metric, whatever its labels. A counter
// matches with or without the "_total" suffix the Prometheus exporter adds.
func (ss Samples) Sum(name string) float64 {
	var sum float64
	for _, s := range ss {
		if s.Name == name || s.Name == name+"_total" {
			sum += s.Value
		}
	}
	return sum
}

// SumWhere is Sum restricted to samples whose labels contain the given
// `key="value"` text.
func (ss Samples) SumWhere(name, label string) float64 {
	var sum float64
	for _, s := range ss {
		if (s.Name == name || s.Name == name+"_total") && strings.Contains(s.Labels, label) {
			sum += s.Value
		}
	}
	return sum
}

// Scrape fetches and parses url.
func Scrape(ctx context.Context, client *http.Client, url string) (Samples, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("scrape %s: %s", url, resp.Status)
	}
	return Parse(resp.Body)
}
