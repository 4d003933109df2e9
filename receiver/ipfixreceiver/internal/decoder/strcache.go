// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import "time"

// A data set's records often share their end time, so the timestamps written as attributes
// are cached: a hit costs no formatting and no allocation. Addresses, MACs and interface
// numbers are cached by internal/ecsstr, shared with the sFlow decoder.

const timeCacheSize = 8

type timeEntry struct {
	nanos int64
	str   string
}

// timeCache keeps the last few formatted instants, round robin.
type timeCache struct {
	entries [timeCacheSize]timeEntry
	next    int
	buf     []byte
}

func (c *timeCache) str(nanos int64) string {
	for i := range c.entries {
		if c.entries[i].nanos == nanos && c.entries[i].str != "" {
			return c.entries[i].str
		}
	}
	c.buf = time.Unix(0, nanos).UTC().AppendFormat(c.buf[:0], time.RFC3339Nano)
	e := &c.entries[c.next]
	e.nanos, e.str = nanos, string(c.buf)
	c.next = (c.next + 1) % timeCacheSize
	return e.str
}
