// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"encoding/binary"
	"encoding/hex"
	"math"
	"net/netip"
	"time"
	"unicode/utf8"
)

// ntpEpochOffset is the number of seconds from 1900-01-01 (NTP era 0) to the UNIX epoch.
const ntpEpochOffset = 2208988800

// beUint reads a big-endian unsigned integer of 0-8 bytes (reduced-size encoding).
func beUint(b []byte) uint64 {
	switch len(b) {
	case 1:
		return uint64(b[0])
	case 2:
		return uint64(binary.BigEndian.Uint16(b))
	case 4:
		return uint64(binary.BigEndian.Uint32(b))
	case 8:
		return binary.BigEndian.Uint64(b)
	}
	var v uint64
	for _, c := range b {
		v = v<<8 | uint64(c)
	}
	return v
}

// beInt sign-extends a reduced-size signed integer.
func beInt(b []byte) int64 {
	if len(b) == 0 {
		return 0
	}
	shift := 64 - 8*uint(len(b))
	return int64(beUint(b)<<shift) >> shift
}

func beFloat(b []byte) float64 {
	if len(b) == 4 {
		return float64(math.Float32frombits(binary.BigEndian.Uint32(b)))
	}
	return math.Float64frombits(binary.BigEndian.Uint64(b))
}

// ntpNanos converts an RFC 7011 dateTimeMicroseconds/Nanoseconds value to UNIX nanoseconds.
func ntpNanos(b []byte) int64 {
	secs := int64(binary.BigEndian.Uint32(b)) - ntpEpochOffset
	frac := uint64(binary.BigEndian.Uint32(b[4:]))
	return secs*int64(time.Second) + int64((frac*uint64(time.Second))>>32)
}

// textString trims the NUL padding fixed-length string fields carry; invalid UTF-8 is kept as hex.
func textString(b []byte) string {
	for len(b) > 0 && b[len(b)-1] == 0 {
		b = b[:len(b)-1]
	}
	if !utf8.Valid(b) {
		return hex.EncodeToString(b)
	}
	return string(b)
}

func addrOf(b []byte) netip.Addr {
	if len(b) == 4 {
		return netip.AddrFrom4([4]byte(b))
	}
	return netip.AddrFrom16([16]byte(b))
}
