// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package ptrclient

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"os"
	"testing"
	"time"

	"github.com/miekg/dns"
)

func ptr(owner, target string, ttl uint32) *dns.PTR {
	return &dns.PTR{Hdr: dns.RR_Header{Name: owner, Rrtype: dns.TypePTR, Class: dns.ClassINET, Ttl: ttl}, Ptr: target}
}

func cname(owner, target string, ttl uint32) *dns.CNAME {
	return &dns.CNAME{Hdr: dns.RR_Header{Name: owner, Rrtype: dns.TypeCNAME, Class: dns.ClassINET, Ttl: ttl}, Target: target}
}

// soa is a zone's SOA with the TTL and MINIMUM of RFC 2308 section 5.
func soa(zone string, ttl, minttl uint32) *dns.SOA {
	return &dns.SOA{
		Hdr: dns.RR_Header{Name: zone, Rrtype: dns.TypeSOA, Class: dns.ClassINET, Ttl: ttl},
		Ns:  "ns." + zone, Mbox: "hostmaster." + zone, Serial: 1,
		Refresh: 3600, Retry: 600, Expire: 86400, Minttl: minttl,
	}
}

func TestParseResponse(t *testing.T) {
	const q = "10.2.0.192.in-addr.arpa."
	const zone = "2.0.192.in-addr.arpa."
	tests := []struct {
		name      string
		rcode     int
		answer    []dns.RR
		authority []dns.RR
		want      Answer
		wantErr   error
	}{
		{name: "ptr", answer: []dns.RR{ptr(q, "Mail.Example.COM.", 300)}, want: Answer{Name: "mail.example.com", TTL: 300 * time.Second, TTLKnown: true}},
		{name: "owner case differs", answer: []dns.RR{ptr("10.2.0.192.IN-ADDR.ARPA.", "a.example.", 60)}, want: Answer{Name: "a.example", TTL: time.Minute, TTLKnown: true}},
		{
			name: "rfc2317 cname chain takes the smaller ttl",
			answer: []dns.RR{
				cname(q, "10.0-25.2.0.192.in-addr.arpa.", 100),
				ptr("10.0-25.2.0.192.in-addr.arpa.", "host.example.", 3600),
			},
			want: Answer{Name: "host.example", TTL: 100 * time.Second, TTLKnown: true},
		},
		{
			name: "nxdomain soa minimum below its ttl", rcode: dns.RcodeNameError,
			authority: []dns.RR{soa(zone, 300, 60)},
			want:      Answer{TTL: time.Minute, TTLKnown: true, Zone: zone}, wantErr: ErrNotFound,
		},
		{
			name: "nxdomain soa ttl below its minimum", rcode: dns.RcodeNameError,
			authority: []dns.RR{soa(zone, 30, 3600)},
			want:      Answer{TTL: 30 * time.Second, TTLKnown: true, Zone: zone}, wantErr: ErrNotFound,
		},
		{
			name: "nodata soa", authority: []dns.RR{soa(zone, 900, 120)},
			want: Answer{TTL: 2 * time.Minute, TTLKnown: true}, wantErr: ErrNotFound,
		},
		{
			name: "nxdomain soa zero", rcode: dns.RcodeNameError,
			authority: []dns.RR{soa(zone, 0, 0)},
			want:      Answer{TTLKnown: true, Zone: zone}, wantErr: ErrNotFound,
		},
		{
			// The NXDOMAIN is for the CNAME's target: no zone, since RFC
			// 8020 tells about the target's tree, not the address's.
			name: "nxdomain behind cname takes the smaller ttl", rcode: dns.RcodeNameError,
			answer:    []dns.RR{cname(q, "10.0-25.2.0.192.in-addr.arpa.", 10)},
			authority: []dns.RR{soa("0-25.2.0.192.in-addr.arpa.", 300, 60)},
			want:      Answer{TTL: 10 * time.Second, TTLKnown: true}, wantErr: ErrNotFound,
		},
		{
			name: "soa of another zone is ignored", rcode: dns.RcodeNameError,
			authority: []dns.RR{soa("example.com.", 300, 60)},
			wantErr:   ErrNotFound,
		},
		{
			name: "ptr with nxdomain", rcode: dns.RcodeNameError,
			answer:    []dns.RR{ptr(q, "stale.example.", 60)},
			authority: []dns.RR{soa(zone, 300, 60)},
			want:      Answer{TTL: time.Minute, TTLKnown: true, Zone: zone}, wantErr: ErrNotFound,
		},
		{name: "nxdomain", rcode: dns.RcodeNameError, wantErr: ErrNotFound},
		{name: "nodata", wantErr: ErrNotFound},
		{name: "root name", answer: []dns.RR{ptr(q, ".", 60)}, wantErr: ErrNotFound},
		{name: "ptr for another name", answer: []dns.RR{ptr("11.2.0.192.in-addr.arpa.", "x.example.", 60)}, wantErr: ErrNotFound},
		{name: "cname loop", answer: []dns.RR{cname(q, "b.example.", 1), cname("b.example.", q, 1)}, wantErr: ErrNotFound},
		{name: "servfail", rcode: dns.RcodeServerFailure, wantErr: errors.New("rcode SERVFAIL")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := &dns.Msg{Answer: tt.answer, Ns: tt.authority}
			resp.Rcode = tt.rcode
			got, err := parseResponse(resp, q)
			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatalf("error %v", err)
			case tt.wantErr != nil && err == nil:
				t.Fatalf("got %+v, want error %v", got, tt.wantErr)
			case errors.Is(tt.wantErr, ErrNotFound) && !errors.Is(err, ErrNotFound):
				t.Fatalf("error %v, want ErrNotFound", err)
			case tt.wantErr != nil && !errors.Is(tt.wantErr, ErrNotFound) && err.Error() != tt.wantErr.Error():
				t.Fatalf("error %v, want %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// truncatingServer answers over UDP with TC set and no records, and over
// TCP with the PTR, as a server does when the answer does not fit.
func truncatingServer(t *testing.T) string {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", pc.LocalAddr().String())
	if err != nil {
		pc.Close()
		t.Skipf("TCP port of the UDP socket is taken: %v", err)
	}
	handler := dns.HandlerFunc(func(w dns.ResponseWriter, req *dns.Msg) {
		resp := new(dns.Msg)
		resp.SetReply(req)
		if _, udp := w.RemoteAddr().(*net.UDPAddr); udp {
			resp.Truncated = true
		} else {
			resp.Answer = []dns.RR{ptr(req.Question[0].Name, "big.example.", 60)}
		}
		_ = w.WriteMsg(resp)
	})
	for _, srv := range []*dns.Server{{PacketConn: pc, Handler: handler}, {Listener: ln, Handler: handler}} {
		started := make(chan struct{})
		srv.NotifyStartedFunc = func() { close(started) }
		done := make(chan struct{})
		go func() {
			defer close(done)
			_ = srv.ActivateAndServe()
		}()
		<-started
		t.Cleanup(func() {
			_ = srv.Shutdown()
			<-done
		})
	}
	return pc.LocalAddr().String()
}

func TestTruncatedAnswerRetriesOverTCP(t *testing.T) {
	c, err := New(Settings{Servers: []string{truncatingServer(t)}, QueryTimeout: 2 * time.Second, Attempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	got, err := c.LookupPTR(context.Background(), netip.MustParseAddr("2001:db8::1"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "big.example" {
		t.Fatalf("name %q, want big.example", got.Name)
	}
}

// TestUnansweredServerFails: a socket that never answers exhausts every
// attempt on every server, within QueryTimeout each.
func TestUnansweredServerFails(t *testing.T) {
	silent, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	c, _ := New(Settings{Servers: []string{silent.LocalAddr().String()}, QueryTimeout: 50 * time.Millisecond, Attempts: 2})
	defer c.Close()
	start := time.Now()
	_, err = c.LookupPTR(context.Background(), netip.MustParseAddr("192.0.2.1"))
	if !errors.Is(err, ErrServerFailure) {
		t.Fatalf("error %v, want ErrServerFailure", err)
	}
	if elapsed := time.Since(start); elapsed < 100*time.Millisecond {
		t.Fatalf("gave up after %v, before two attempts of 50ms", elapsed)
	}
}

func TestServersFromResolvConf(t *testing.T) {
	path := t.TempDir() + "/resolv.conf"
	if err := os.WriteFile(path, []byte("# comment\nnameserver 192.0.2.53\nnameserver 2001:db8::53\noptions ndots:1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := ServersFromResolvConf(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"192.0.2.53:53", "[2001:db8::53]:53"}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("servers %v, want %v", got, want)
	}
	if err := os.WriteFile(path, []byte("search example\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ServersFromResolvConf(path); err == nil {
		t.Fatal("a resolv.conf without nameserver lines must be an error")
	}
}

func TestProbeName(t *testing.T) {
	for _, tc := range []struct {
		addr, zone, probe string
		bits              int
	}{
		{"1.2.3.4", "1.in-addr.arpa.", "2.1.in-addr.arpa.", 16},
		{"1.2.3.4", "2.1.IN-ADDR.arpa", "3.2.1.in-addr.arpa.", 24},
		{"1.2.3.4", "in-addr.arpa.", "1.in-addr.arpa.", 8},
		{"1.2.3.4", "3.2.1.in-addr.arpa.", "", 0}, // the zone is the address's parent: nothing to ask
		{"1.2.3.4", "arpa.", "", 0},
		{"1.2.3.4", "5.1.in-addr.arpa.", "", 0}, // not on the way to the address
		{"2a00:1450::1", "2.ip6.arpa.", "a.2.ip6.arpa.", 8},
		{"2a00:1450::1", "0.0.a.2.ip6.arpa.", "1.0.0.a.2.ip6.arpa.", 20},
	} {
		probe, bits, ok := probeName(netip.MustParseAddr(tc.addr), tc.zone)
		if probe != tc.probe || bits != tc.bits || ok != (tc.probe != "") {
			t.Errorf("probeName(%s, %s) = %q, %d, %v; want %q, %d", tc.addr, tc.zone, probe, bits, ok, tc.probe, tc.bits)
		}
	}
}
