// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	indexSection = regexp.MustCompile("(?m)^### `([^`]+)`")
	indexRecords = regexp.MustCompile(`Structure: .*?records: (\d+) data, (\d+) options`)
	indexV5      = regexp.MustCompile(`Structure: (\d+) v5 records`)
)

// indexCounts reads the corpus INDEX.md: records (data + options) each capture file yields.
func indexCounts(t *testing.T) map[string]int {
	data, err := os.ReadFile(filepath.Join(capturesDir, "INDEX.md"))
	require.NoError(t, err)
	text := string(data)
	out := map[string]int{}
	locs := indexSection.FindAllStringSubmatchIndex(text, -1)
	for i, loc := range locs {
		end := len(text)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		name, sec := text[loc[2]:loc[3]], text[loc[0]:end]
		n := -1
		if m := indexRecords.FindStringSubmatch(sec); m != nil {
			a, _ := strconv.Atoi(m[1])
			b, _ := strconv.Atoi(m[2])
			n = a + b
		} else if m := indexV5.FindStringSubmatch(sec); m != nil {
			n, _ = strconv.Atoi(m[1])
		}
		if n >= 0 {
			out[strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))] = n
		}
	}
	return out
}

// TestCaptureRecordCounts checks that every capture yields exactly the records INDEX.md counts
// (data and options records, the concatenated messages included): nothing is left undecoded.
func TestCaptureRecordCounts(t *testing.T) {
	counts := indexCounts(t)
	require.Greater(t, len(counts), 80)
	inSeq := map[string][]string{}
	for _, seq := range sequences {
		last := strings.TrimSuffix(filepath.Base(seq[len(seq)-1]), filepath.Ext(seq[len(seq)-1]))
		for _, f := range seq {
			inSeq[last] = append(inSeq[last], strings.TrimSuffix(filepath.Base(f), filepath.Ext(f)))
		}
	}
	checked := 0
	for _, r := range allReplays(t) {
		files := inSeq[r.name]
		if files == nil {
			files = []string{r.name}
		}
		want, known := 0, true
		for _, f := range files {
			n, ok := counts[f]
			want, known = want+n, known && ok
		}
		if !known {
			continue // pmacct pcaps: checked against nfacctd's totals in TestPmacctTotals
		}
		_, st, _ := decodeReplay(t, testConfig(), r)
		assert.Equal(t, want, st.Records, r.name)
		checked++
	}
	assert.Greater(t, checked, 50)
}
