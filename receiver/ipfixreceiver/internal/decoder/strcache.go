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
	// Flows end milliseconds apart, so most misses fall on the day of the previous one: its
	// "2006-01-02T" prefix is kept and only the time of day is written (time.AppendFormat's
	// general layout walk was 3% of the collector's CPU end to end).
	day    int64
	dayStr string
}

const (
	nanosPerSecond = int64(time.Second)
	secondsPerDay  = 86400
)

func (c *timeCache) str(nanos int64) string {
	for i := range c.entries {
		if c.entries[i].nanos == nanos && c.entries[i].str != "" {
			return c.entries[i].str
		}
	}
	c.buf = c.appendRFC3339Nano(c.buf[:0], nanos)
	e := &c.entries[c.next]
	e.nanos, e.str = nanos, string(c.buf)
	c.next = (c.next + 1) % timeCacheSize
	return e.str
}

// appendRFC3339Nano appends what time.RFC3339Nano gives in UTC. Nanoseconds in an int64 end
// in 2262, so from 1970 on the year always has the four digits the day prefix assumes.
func (c *timeCache) appendRFC3339Nano(b []byte, nanos int64) []byte {
	if nanos < 0 {
		return time.Unix(0, nanos).UTC().AppendFormat(b, time.RFC3339Nano)
	}
	secs, frac := nanos/nanosPerSecond, nanos%nanosPerSecond
	day, sod := secs/secondsPerDay, secs%secondsPerDay
	if day != c.day || c.dayStr == "" {
		c.day = day
		c.dayStr = time.Unix(day*secondsPerDay, 0).UTC().Format("2006-01-02T")
	}
	b = append(b, c.dayStr...)
	b = appendTwo(b, sod/3600)
	b = append(b, ':')
	b = appendTwo(b, sod/60%60)
	b = append(b, ':')
	b = appendTwo(b, sod%60)
	if frac != 0 {
		b = appendFraction(b, frac)
	}
	return append(b, 'Z')
}

func appendTwo(b []byte, v int64) []byte {
	return append(b, byte('0'+v/10), byte('0'+v%10))
}

// appendFraction writes ".ddddddddd" without trailing zeros, as RFC3339Nano's ".999999999".
func appendFraction(b []byte, frac int64) []byte {
	var digits [10]byte
	digits[0] = '.'
	for i := 9; i >= 1; i-- {
		digits[i] = byte('0' + frac%10)
		frac /= 10
	}
	n := 10
	for digits[n-1] == '0' {
		n--
	}
	return append(b, digits[:n]...)
}
