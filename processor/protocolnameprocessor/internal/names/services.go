// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package names

// Well-known services by transport and port. A curated subset of the IANA
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

var services = buildServices()

func buildServices() map[uint32]string {
	m := make(map[uint32]string, len(tcpServices)+len(udpServices))
	for port, name := range tcpServices {
		m[serviceKey(TCP, port)] = name
	}
	for port, name := range udpServices {
		m[serviceKey(UDP, port)] = name
	}
	return m
}

var tcpServices = map[uint16]string{
	20: "ftp-data", 21: "ftp", 22: "ssh", 23: "telnet", 25: "smtp", 53: "domain",
	80: "http", 88: "kerberos", 110: "pop3", 111: "sunrpc", 119: "nntp", 135: "epmap",
	139: "netbios-ssn", 143: "imap", 179: "bgp", 389: "ldap", 443: "https", 445: "microsoft-ds",
	465: "submissions", 514: "shell", 515: "printer", 587: "submission", 631: "ipp", 636: "ldaps",
	853: "domain-s", 873: "rsync", 989: "ftps-data", 990: "ftps", 993: "imaps", 995: "pop3s",
	1433: "ms-sql-s", 1723: "pptp", 1883: "mqtt", 2049: "nfs", 3306: "mysql", 3389: "ms-wbt-server",
	5060: "sip", 5061: "sips", 5432: "postgresql", 5671: "amqps", 5672: "amqp", 5900: "rfb",
	6379: "redis", 8080: "http-alt", 11211: "memcache", 27017: "mongodb",
}

var udpServices = map[uint16]string{
	53: "domain", 67: "bootps", 68: "bootpc", 69: "tftp", 88: "kerberos", 111: "sunrpc",
	123: "ntp", 137: "netbios-ns", 138: "netbios-dgm", 161: "snmp", 162: "snmptrap", 389: "ldap",
	443: "https", 500: "isakmp", 514: "syslog", 520: "router", 546: "dhcpv6-client", 547: "dhcpv6-server",
	853: "domain-s", 1194: "openvpn", 1812: "radius", 1813: "radius-acct", 1900: "ssdp", 2049: "nfs",
	3478: "stun", 4500: "ipsec-nat-t", 4739: "ipfix", 4789: "vxlan", 5060: "sip", 5353: "mdns",
	6081: "geneve", 6343: "sflow",
}
