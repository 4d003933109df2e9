// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package estest

import "strings"

// filterPath applies Elasticsearch's filter_path response filtering: dotted
// paths with * wildcards; arrays are transparent. go-docappender always sends
// one (items.*._index,items.*.status,...), so responses must honour it.
func filterPath(v any, paths []string) any {
	split := make([][]string, 0, len(paths))
	for _, p := range paths {
		if p = strings.TrimSpace(p); p != "" {
			split = append(split, strings.Split(p, "."))
		}
	}
	out, _ := filterValue(v, split)
	if out == nil {
		return map[string]any{}
	}
	return out
}

func filterValue(v any, paths [][]string) (any, bool) {
	for _, p := range paths {
		if len(p) == 0 {
			return v, true
		}
	}
	switch t := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, child := range t {
			var rest [][]string
			for _, p := range paths {
				if simpleMatch(p[0], k) {
					rest = append(rest, p[1:])
				}
			}
			if len(rest) == 0 {
				continue
			}
			if fv, ok := filterValue(child, rest); ok {
				out[k] = fv
			}
		}
		return out, len(out) > 0
	case []any:
		var out []any
		for _, e := range t {
			if fv, ok := filterValue(e, paths); ok {
				out = append(out, fv)
			}
		}
		return out, len(out) > 0
	}
	return nil, false
}
