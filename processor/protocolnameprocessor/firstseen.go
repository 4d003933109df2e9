// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package protocolnameprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/protocolnameprocessor"

import (
	"sync/atomic"

	"go.uber.org/zap"
)

// numberSet remembers which of the 256 values of a byte were seen. It is how
// an unknown protocol or ICMP type is logged once per number for the life of
// the processor, never per record: the set is bounded by construction and the
// counters carry the volume.
type numberSet [4]atomic.Uint64

// firstTime marks n and reports whether it was unmarked; safe for
// concurrent batches.
func (s *numberSet) firstTime(n uint8) bool {
	bit := uint64(1) << (n & 63)
	return s[n>>6].Or(bit)&bit == 0
}

// unknownLog logs the first occurrence of each unknown number, and the first
// malformed value of each mapping.
type unknownLog struct {
	logger    *zap.Logger
	protocols numberSet
	icmpTypes [2]numberSet // indexed by names.ICMPVersion
	malformed [mappingCount]atomic.Bool
}

func (u *unknownLog) protocol(n uint8, key string) {
	if u.protocols.firstTime(n) {
		u.logger.Info("IP protocol number has no IANA keyword; target left unset (logged once per number)",
			zap.Uint8("number", n), zap.String("target", key))
	}
}

func (u *unknownLog) icmpType(version, typ uint8) {
	if int(version) < len(u.icmpTypes) && u.icmpTypes[version].firstTime(typ) {
		u.logger.Info("ICMP type has no name; name left unset (logged once per type)",
			zap.Uint8("icmp_version", 4+2*version), zap.Uint8("type", typ))
	}
}

// malformedValue is called for a value that is not a number in range.
func (u *unknownLog) malformedValue(m mapping, key string) {
	if u.malformed[m].CompareAndSwap(false, true) {
		u.logger.Warn("attribute is not a number in range; counted as unknown (logged once per mapping)",
			zap.String("mapping", mappingNames[m]), zap.String("attribute", key))
	}
}
