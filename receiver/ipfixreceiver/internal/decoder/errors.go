// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"errors"
	"strconv"
)

// Failure is the kind of a decoding error; a *DecodeError unwraps to one of
// the constants below. Constants, not variables, so no importer can
// reassign what errors.Is compares against.
type Failure string

func (f Failure) Error() string { return string(f) }

const (
	ErrTruncated      Failure = "truncated"
	ErrUnknownVersion Failure = "unknown version"
	ErrBadTemplate    Failure = "bad template"
	ErrBadSet         Failure = "bad set"
	ErrLimit          Failure = "limit reached"
	ErrBadState       Failure = "bad saved state"
)

// DecodeError locates a decoding problem (version, observation domain and template/set ID) and
// says what it cost: Dropped records (or sets, when the record count is unknown) for Reason.
type DecodeError struct {
	Version    uint16
	Domain     uint32
	TemplateID uint16
	Detail     string
	Err        error
	Reason     DropReason // DropLimit for ErrLimit, DropMalformed for the others
	Dropped    int
}

func (e *DecodeError) Error() string {
	s := "netflow v" + strconv.Itoa(int(e.Version)) + " domain " + strconv.FormatUint(uint64(e.Domain), 10)
	if e.TemplateID != 0 {
		s += " set " + strconv.Itoa(int(e.TemplateID))
	}
	s += ": " + e.Err.Error()
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

func (e *DecodeError) Unwrap() error { return e.Err }

func newErr(ver uint16, domain uint32, id uint16, err error, detail string) *DecodeError {
	reason := DropMalformed
	if errors.Is(err, ErrLimit) {
		reason = DropLimit
	}
	return &DecodeError{Version: ver, Domain: domain, TemplateID: id, Err: err, Detail: detail, Reason: reason, Dropped: 1}
}

// drop counts what e cost in the Decode call's Stats and returns it. Every decoding error
// goes through here once, where it is made, so an error that a later one hides from the
// caller (a set walk reports its first) is still counted.
func (c *decodeCall) drop(e *DecodeError) error {
	c.st.Dropped[e.Reason] += e.Dropped
	return e
}
