// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ipfixreceiver // import "github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver"

import "fmt"

// ExporterIdentity is what the receiver takes for one exporter, the scope of
// its templates, options data and sequence numbers.
type ExporterIdentity string

const (
	// IdentityTransportSession is RFC 7011 section 8 and RFC 3954 section
	// 5.1: source address and port (the UDP Transport Session), NetFlow
	// version and observation domain (v9 source ID).
	IdentityTransportSession ExporterIdentity = "transport_session"
	// IdentityAddress ignores the source port, for exporters that send one
	// session from several ports; exporters sharing an address then share
	// templates and sequence numbers.
	IdentityAddress ExporterIdentity = "address"
)

// UnmarshalText accepts transport_session or address.
func (e *ExporterIdentity) UnmarshalText(text []byte) error {
	v := ExporterIdentity(text)
	if err := v.check(); err != nil {
		return err // the configuration loader names the key
	}
	*e = v
	return nil
}

func (e ExporterIdentity) check() error {
	switch e {
	case IdentityTransportSession, IdentityAddress:
		return nil
	}
	return fmt.Errorf("%q is not one of %s, %s", string(e), IdentityTransportSession, IdentityAddress)
}
