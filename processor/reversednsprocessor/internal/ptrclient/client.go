// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

// Package ptrclient asks name servers for the PTR record of an address.
// It uses github.com/miekg/dns rather than net.Resolver because the answer's
// TTL decides how long the name may be cached.
package ptrclient // import "github.com/otelcol-flows/otelcol-flows/processor/reversednsprocessor/internal/ptrclient"

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/miekg/dns"
)

var (
	// ErrNotFound means the name server answered authoritatively that the
	// address has no PTR record (NXDOMAIN, or NOERROR without a PTR).
	ErrNotFound = errors.New("no PTR record")
	// ErrServerFailure means every server and attempt failed (SERVFAIL,
	// REFUSED, time-outs, network errors); the address may still have a name.
	ErrServerFailure = errors.New("name servers failed to answer")
)

// Answer is a PTR name, or the absence of one, with how long the name
// server allows it to be cached.
type Answer struct {
	// Name is lower case without the trailing dot; empty with ErrNotFound.
	Name string
	// TTL is the smallest TTL along the answer chain (CNAME then PTR). With
	// ErrNotFound it is the negative TTL of RFC 2308 section 5 instead: the
	// smaller of the authority SOA's own TTL and its MINIMUM field, and of
	// the TTLs of any CNAMEs that led to the missing name.
	TTL time.Duration
	// TTLKnown is false when the response did not say how long its answer
	// may be cached: a negative answer without an SOA in its authority
	// section. TTL is then zero and means nothing.
	TTLKnown bool
	// Zone is the owner of the SOA of a negative answer (lower case, with
	// the trailing dot), when the rcode was NXDOMAIN: the name does not
	// exist in that zone, and EmptyPrefix can ask whether more of the zone
	// is empty.
	Zone string
}

// Settings configure a Client.
type Settings struct {
	// Servers are "host:port" addresses, tried in order.
	Servers []string
	// QueryTimeout bounds one DNS message exchange.
	QueryTimeout time.Duration
	// Attempts is how many rounds over all servers are made.
	Attempts int
}

// Client resolves PTR records over UDP, retrying over TCP on truncation.
// Close releases its sockets.
type Client struct {
	settings Settings
	udp      map[string]*udpPool // by server
	tcp      *dns.Client
}

// New returns a Client; sockets are opened on the first lookups.
func New(s Settings) (*Client, error) {
	if len(s.Servers) == 0 {
		return nil, errors.New("no name servers")
	}
	if s.Attempts < 1 {
		s.Attempts = 1
	}
	udp := make(map[string]*udpPool, len(s.Servers))
	for _, server := range s.Servers {
		udp[server] = newUDPPool(server)
	}
	return &Client{
		settings: s,
		udp:      udp,
		tcp:      &dns.Client{Net: "tcp", Timeout: s.QueryTimeout},
	}, nil
}

// Close closes the sockets and waits for their readers; lookups after it
// fail.
func (c *Client) Close() {
	for _, p := range c.udp {
		p.close()
	}
}

// LookupPTR returns the name of addr, ErrNotFound (with an Answer that
// carries the negative TTL if the response gave one), or an error wrapping
// ErrServerFailure with the last server's reason.
func (c *Client) LookupPTR(ctx context.Context, addr netip.Addr) (Answer, error) {
	qname, err := dns.ReverseAddr(addr.Unmap().String())
	if err != nil {
		return Answer{}, fmt.Errorf("%w: %w", ErrServerFailure, err)
	}
	return c.lookup(ctx, qname)
}

// lookup asks the servers in turn, Attempts rounds, for the PTR of qname.
func (c *Client) lookup(ctx context.Context, qname string) (Answer, error) {
	query := new(dns.Msg)
	query.SetQuestion(qname, dns.TypePTR)
	var last error
	for range c.settings.Attempts {
		for _, server := range c.settings.Servers {
			if ctx.Err() != nil {
				return Answer{}, fmt.Errorf("%w: %w", ErrServerFailure, ctx.Err())
			}
			ans, err := c.ask(ctx, query, server)
			if err == nil || errors.Is(err, ErrNotFound) {
				return ans, err
			}
			last = fmt.Errorf("%s: %w", server, err)
		}
	}
	return Answer{}, fmt.Errorf("%w: %w", ErrServerFailure, last)
}

// ask sends one query to one server and reads its answer.
func (c *Client) ask(ctx context.Context, query *dns.Msg, server string) (Answer, error) {
	qctx, cancel := context.WithTimeout(ctx, c.settings.QueryTimeout)
	defer cancel()
	// The pool gives every message a fresh ID, so a late answer to an
	// earlier attempt is not taken for the answer to this one.
	resp, err := c.udp[server].exchange(qctx, query)
	if err == nil && resp.Truncated {
		resp, err = exchangeTCP(qctx, c.tcp, query, server)
	}
	if err != nil {
		return Answer{}, err
	}
	return parseResponse(resp, query.Question[0].Name)
}

// exchangeTCP sends query on a fresh connection and closes it when ctx
// ends: miekg/dns only takes deadlines from a context, and Shutdown must
// not wait for them.
func exchangeTCP(ctx context.Context, client *dns.Client, query *dns.Msg, server string) (*dns.Msg, error) {
	conn, err := client.DialContext(ctx, server)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { _ = conn.Close() })
	defer stop()
	resp, _, err := client.ExchangeWithConnContext(ctx, query, conn)
	if err != nil && ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return resp, err
}

// parseResponse turns a response into an Answer, following a CNAME chain
// inside the response (RFC 2317 classless delegation puts PTRs behind CNAMEs).
// A negative answer comes with ErrNotFound and, when the response carries
// an SOA, the TTL it may be cached for.
func parseResponse(resp *dns.Msg, qname string) (Answer, error) {
	switch resp.Rcode {
	case dns.RcodeSuccess, dns.RcodeNameError:
	default:
		return Answer{}, fmt.Errorf("rcode %s", dns.RcodeToString[resp.Rcode])
	}
	owner, name, ttl := followChain(resp.Answer, qname)
	// NXDOMAIN is for the last name of the chain (RFC 2308 section 2.1),
	// so a PTR beside it would contradict the rcode: trust the rcode.
	if name == "" || resp.Rcode == dns.RcodeNameError {
		ans, zone := negativeAnswer(resp.Ns, owner, ttl)
		if resp.Rcode == dns.RcodeNameError && owner == qname {
			ans.Zone = zone
		}
		return ans, ErrNotFound
	}
	return Answer{Name: name, TTL: time.Duration(ttl) * time.Second, TTLKnown: true}, nil
}

// followChain walks CNAMEs from qname to a PTR. It returns the last owner
// reached, the normalised PTR name (empty if the chain ends without one)
// and the smallest TTL along the way.
func followChain(rrs []dns.RR, qname string) (owner, name string, ttl uint32) {
	owner, ttl = qname, ^uint32(0)
	for range 8 { // bound the chain; a loop of CNAMEs must not spin
		switch rr := findRR(rrs, owner).(type) {
		case *dns.PTR:
			return owner, Normalise(rr.Ptr), min(ttl, rr.Hdr.Ttl)
		case *dns.CNAME:
			ttl = min(ttl, rr.Hdr.Ttl)
			owner = rr.Target
		default:
			return owner, "", ttl
		}
	}
	return owner, "", ttl
}

// negativeAnswer takes the negative TTL from the SOA of the zone owner is
// in, as RFC 2308 section 5 defines it: min(SOA TTL, SOA MINIMUM). The
// CNAMEs that led to owner bound it too (chainTTL), since the negative
// answer is cached for the queried name. Without an SOA the response
// gives no TTL. The zone is the SOA's owner, empty without one.
func negativeAnswer(authority []dns.RR, owner string, chainTTL uint32) (Answer, string) {
	for _, rr := range authority {
		soa, ok := rr.(*dns.SOA)
		if !ok || !dns.IsSubDomain(soa.Hdr.Name, owner) {
			continue
		}
		ttl := min(soa.Hdr.Ttl, soa.Minttl, chainTTL)
		return Answer{TTL: time.Duration(ttl) * time.Second, TTLKnown: true}, strings.ToLower(dns.Fqdn(soa.Hdr.Name))
	}
	return Answer{}, ""
}

// findRR returns the first PTR or CNAME owned by owner.
func findRR(rrs []dns.RR, owner string) dns.RR {
	for _, rr := range rrs {
		if !strings.EqualFold(rr.Header().Name, owner) {
			continue
		}
		switch rr.(type) {
		case *dns.PTR, *dns.CNAME:
			return rr
		}
	}
	return nil
}

// Normalise lower-cases a host name and drops the trailing dot of the root.
func Normalise(name string) string {
	return strings.ToLower(strings.TrimSuffix(name, "."))
}
