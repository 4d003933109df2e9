// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package reversednsprocessor // import "github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor"

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
)

const dnsPort = "53"

var errNameserver = errors.New("must be an IP address (port 53) or host:port")

// nameserverAddress gives an entry of 'nameservers' as host:port. A bare
// address, as resolv.conf and Logstash's dns filter take it ("8.8.8.8",
// "2001:db8::1", "[2001:db8::1]"), gets port 53.
func nameserverAddress(entry string) (string, error) {
	bare := entry
	if strings.HasPrefix(entry, "[") && strings.HasSuffix(entry, "]") {
		bare = entry[1 : len(entry)-1]
	}
	if ip, err := netip.ParseAddr(bare); err == nil {
		return net.JoinHostPort(ip.String(), dnsPort), nil
	}
	host, port, err := net.SplitHostPort(entry)
	if err != nil {
		return "", fmt.Errorf("%w: %w", errNameserver, err)
	}
	if n, err := strconv.ParseUint(port, 10, 16); err != nil || n == 0 || host == "" {
		return "", fmt.Errorf("%w: host %q, port %q", errNameserver, host, port)
	}
	return entry, nil
}

// nameserverAddresses is every entry as host:port; Validate has rejected
// entries that are neither.
func nameserverAddresses(entries []string) []string {
	out := make([]string, 0, len(entries))
	for _, e := range entries {
		if addr, err := nameserverAddress(e); err == nil {
			out = append(out, addr)
		}
	}
	return out
}
