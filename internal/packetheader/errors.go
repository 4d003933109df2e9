// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package packetheader

import "errors"

// ErrMalformed is what every parse error unwraps to: the data contradicts the protocol (as
// opposed to ending early, which is normal for a sampled header and only sets Truncated).
var ErrMalformed = errors.New("malformed packet header")

// Error is a parse error: which header was wrong and how. The values are package-level, so
// returning one does not allocate.
type Error struct {
	Header string
	Reason string
}

func (e *Error) Error() string { return "packet header: " + e.Header + ": " + e.Reason }

func (e *Error) Unwrap() error { return ErrMalformed }

var (
	// ErrUnknownLayer: Parse was asked to start at a Layer it does not know.
	ErrUnknownLayer = errors.New("packet header: unknown first layer")

	ErrIPVersion      = &Error{Header: "IP", Reason: "version does not match the enclosing protocol"}
	ErrIPv4HeaderLen  = &Error{Header: "IPv4", Reason: "header length below 20 bytes"}
	ErrRoutingHeader  = &Error{Header: "IPv6 segment routing", Reason: "segment list longer than the header"}
	ErrTCPDataOffset  = &Error{Header: "TCP", Reason: "data offset below 5 words"}
	ErrIPv6ExtHeaders = &Error{Header: "IPv6", Reason: "more than 16 extension headers"}
)
