// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ptrclient

import (
	"fmt"
	"net"

	"github.com/miekg/dns"
)

// ServersFromResolvConf reads the name servers of a resolv.conf(5) file as
// "host:port" addresses.
func ServersFromResolvConf(path string) ([]string, error) {
	conf, err := dns.ClientConfigFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if len(conf.Servers) == 0 {
		return nil, fmt.Errorf("%s lists no nameserver", path)
	}
	servers := make([]string, 0, len(conf.Servers))
	for _, s := range conf.Servers {
		servers = append(servers, net.JoinHostPort(s, conf.Port))
	}
	return servers, nil
}
