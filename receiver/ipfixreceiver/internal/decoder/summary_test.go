package decoder

import (
	"fmt"
	"testing"
)

func TestSummary(t *testing.T) {
	for _, r := range allReplays(t) {
		_, st, errs := decodeReplay(t, testConfig(), r)
		fmt.Printf("%-70s recs=%-4d drop=%v lost=%d errs=%v\n", r.name, st.Records, st.Dropped, st.LostRecords, errs)
	}
}
