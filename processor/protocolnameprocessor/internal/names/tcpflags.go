// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package names

// TCPFlagCount is the number of TCP control bits named: the 8 classic bits
// plus NS, the 9 that RFC 7125 defines for IPFIX tcpControlBits (bit 0x100
// was renamed AE by RFC 9768; "ns" is kept because RFC 7125 and flow tools
// use it).
const TCPFlagCount = 9

// TCPFlagMask keeps the named bits; RFC 7125 reserves the rest (and the
// Data Offset nibble some exporters leave in the top 4 bits).
const TCPFlagMask = 1<<TCPFlagCount - 1

// tcpFlags is indexed by bit position, lowest first, so a list comes out in
// wire order (fin before syn before ack).
var tcpFlags = [TCPFlagCount]string{"fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr", "ns"}

// TCPFlag returns the lower-case name of control bit number bit (0 = FIN).
func TCPFlag(bit int) string {
	if bit < 0 || bit >= TCPFlagCount {
		return ""
	}
	return tcpFlags[bit]
}

// tcpFlagStrings holds every combination of the 9 bits joined with ",",
// built once so the "string" format costs no allocation per record.
var tcpFlagStrings = buildTCPFlagStrings()

func buildTCPFlagStrings() [TCPFlagMask + 1]string {
	var out [TCPFlagMask + 1]string
	for v := range out {
		s := ""
		for bit := range TCPFlagCount {
			if v&(1<<bit) == 0 {
				continue
			}
			if s != "" {
				s += ","
			}
			s += tcpFlags[bit]
		}
		out[v] = s
	}
	return out
}

// TCPFlagString returns the names of the bits set in bits joined with ",",
// lowest bit first ("syn,ack"); bits outside TCPFlagMask are ignored.
func TCPFlagString(bits uint16) string {
	return tcpFlagStrings[bits&TCPFlagMask]
}
