// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder // import "github.com/otelcol-flows/otelcol-flows/receiver/sflowreceiver/internal/decoder"

import "errors"

// Reason says why a datagram (or its rest) was dropped.
type Reason int

const (
	// Truncated: the datagram ends inside a header, sample or record.
	Truncated Reason = iota
	// WrongVersion: not sFlow version 5.
	WrongVersion
	// LengthMismatch: a sample or record length disagrees with its
	// content or points past the end of its container.
	LengthMismatch
	// Oversized: more samples or records than the limits allow.
	Oversized
	// BadAgentAddress: an agent address type other than IPv4 or IPv6.
	BadAgentAddress
	// NumReasons sizes arrays indexed by Reason.
	NumReasons
)

var reasonNames = [NumReasons]string{"truncated", "wrong_version", "length_mismatch", "oversized", "bad_agent_address"}

// String is the value of the "reason" attribute.
func (r Reason) String() string { return reasonNames[r] }

// Error is a decode failure with its reason. The samples decoded before
// it stay in the batch. The values are package-level, so returning one
// does not allocate.
type Error struct {
	Reason Reason
	What   string
}

func (e *Error) Error() string { return "sflow: " + e.Reason.String() + ": " + e.What }

var (
	errShortHeader   = &Error{Truncated, "datagram header"}
	errShortSample   = &Error{Truncated, "sample"}
	errShortRecord   = &Error{Truncated, "record"}
	errVersion       = &Error{WrongVersion, "version is not 5"}
	errSampleLength  = &Error{LengthMismatch, "sample length past the end of the datagram"}
	errRecordLength  = &Error{LengthMismatch, "record length past the end of its sample"}
	errRecordContent = &Error{LengthMismatch, "record shorter than its fields"}
	errTooMany       = &Error{Oversized, "more samples or records than the limits"}
	errAgentAddress  = &Error{BadAgentAddress, "agent address type is neither IPv4 nor IPv6"}
)

// ReasonOf returns the reason err carries (Truncated for a foreign error).
func ReasonOf(err error) Reason {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return Truncated
}
