// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package names

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
)

// Well-known services by transport and port (services.txt). A curated subset of the IANA
// "Service Name and Transport Protocol Port Number Registry": the services
// commonly seen in enterprise flow data, under their IANA service names
// (so 53 is "domain", 3389 "ms-wbt-server"). Ports whose IANA name would
// mislead (8443 "pcsync-https", 9200 "wap-wsp") are left out on purpose.

// Transport protocol numbers that have port tables.
const (
	TCP uint8 = 6
	UDP uint8 = 17
)

func serviceKey(proto uint8, port uint16) uint32 { return uint32(proto)<<16 | uint32(port) }

// Service returns the IANA service name for port on IP protocol proto, or ""
// if the port is not in the curated table.
func Service(proto uint8, port uint16) string {
	return services[serviceKey(proto, port)]
}

// HasPorts reports whether proto has a service table (TCP and UDP only).
func HasPorts(proto uint8) bool { return proto == TCP || proto == UDP }

// services is services.txt, keyed by serviceKey.
var services = mustParseServices(servicesTxt)

//go:embed services.txt
var servicesTxt string

func mustParseServices(text string) map[uint32]string {
	m, err := parseServices(text)
	if err != nil {
		panic("names: services.txt: " + err.Error()) // embedded at build time; TestServicesTable reads it
	}
	return m
}

// parseServices reads lines of "name port/transport", as /etc/services
// has them; # starts a comment.
func parseServices(text string) (map[uint32]string, error) {
	m := make(map[uint32]string)
	for i, line := range strings.Split(text, "\n") {
		line, _, _ = strings.Cut(line, "#")
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		key, ok := portKey(f)
		if !ok {
			return nil, fmt.Errorf("line %d: want \"name port/tcp|udp\", got %q", i+1, line)
		}
		m[key] = f[0]
	}
	return m, nil
}

func portKey(f []string) (uint32, bool) {
	if len(f) != 2 {
		return 0, false
	}
	portStr, transport, _ := strings.Cut(f[1], "/")
	port, err := strconv.ParseUint(portStr, 10, 16)
	if err != nil {
		return 0, false
	}
	switch transport {
	case "tcp":
		return serviceKey(TCP, uint16(port)), true
	case "udp":
		return serviceKey(UDP, uint16(port)), true
	}
	return 0, false
}
