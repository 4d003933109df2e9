// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"testing"
)

// FuzzDecode: no input panics, and a decoder survives any sequence of
// inputs (its sequence state included).
func FuzzDecode(f *testing.F) {
	f.Add(validDatagram())
	for _, set := range captureSets {
		for _, dg := range captureSet(f, set) {
			f.Add(dg)
		}
	}
	d := New(testConfig())
	f.Fuzz(func(t *testing.T, data []byte) {
		st, err := decodeOne(d, data)
		if err != nil && st.FlowSamples+st.CounterSamples > len(data)/8 {
			t.Fatalf("more samples than the data can hold: %+v", st)
		}
	})
}
