// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"errors"
	"strconv"
)

// Sentinel errors; a *DecodeError unwraps to one of them.
var (
	ErrTruncated      = errors.New("truncated")
	ErrUnknownVersion = errors.New("unknown version")
	ErrBadTemplate    = errors.New("bad template")
	ErrBadSet         = errors.New("bad set")
	ErrLimit          = errors.New("limit reached")
	ErrBadState       = errors.New("bad saved state")
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
