// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package enrichenv

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/miekg/dns"
)

// Dnsmasq is Debian's dnsmasq, authoritative for the reverse zones of all
// of IPv4 unicast space (a zone per /8) and of 2000::/4, with no names in
// them: every PTR query gets NXDOMAIN with the zone's SOA, as the reverse
// zones of sparsely named networks answer.
type Dnsmasq struct {
	cmd    *exec.Cmd
	addr   string
	exited chan struct{}
}

// dnsmasqNegativeTTL is the SOA TTL and MINIMUM of the zones.
const dnsmasqNegativeTTL = 300

// StartDnsmasq runs bin on a free loopback port until Stop.
func StartDnsmasq(bin string) (*Dnsmasq, error) {
	var errs []error
	for range 3 { // the free port can be taken before dnsmasq binds it
		d, err := startDnsmasqOnce(bin)
		if err == nil {
			return d, nil
		}
		errs = append(errs, err)
	}
	return nil, errors.Join(errs...)
}

func startDnsmasqOnce(bin string) (*Dnsmasq, error) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := pc.LocalAddr().(*net.UDPAddr).Port
	pc.Close()
	var zones []string
	for o := 1; o < 224; o++ {
		if o != 10 && o != 127 {
			zones = append(zones, fmt.Sprintf("%d.0.0.0/8", o))
		}
	}
	args := []string{
		"--keep-in-foreground", "--conf-file=/dev/null", "--pid-file=", "--log-facility=/dev/null",
		"--port=" + strconv.Itoa(port), "--listen-address=127.0.0.1", "--bind-interfaces",
		"--no-resolv", "--no-hosts",
		"--auth-server=ns.bench.test,127.0.0.1",
		"--auth-zone=bench.test," + strings.Join(zones, ",") + ",2000::/4",
		"--auth-ttl=" + strconv.Itoa(dnsmasqNegativeTTL),
	}
	if os.Geteuid() == 0 {
		args = append(args, "--user=root", "--group=root")
	}
	d := &Dnsmasq{cmd: exec.Command(bin, args...), addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), exited: make(chan struct{})}
	var stderr strings.Builder
	d.cmd.Stderr = &stderr
	if err := d.cmd.Start(); err != nil {
		return nil, err
	}
	go func() {
		_ = d.cmd.Wait()
		close(d.exited)
	}()
	if err := d.waitReady(); err != nil {
		d.Stop()
		return nil, fmt.Errorf("dnsmasq: %w: %s", err, stderr.String())
	}
	return d, nil
}

// waitReady asks for a name until dnsmasq answers NXDOMAIN.
func (d *Dnsmasq) waitReady() error {
	q := new(dns.Msg)
	q.SetQuestion("4.3.2.1.in-addr.arpa.", dns.TypePTR)
	client := &dns.Client{Timeout: 200 * time.Millisecond}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-d.exited:
			return errors.New("exited")
		default:
		}
		resp, _, err := client.ExchangeContext(context.Background(), q, d.addr)
		if err == nil && resp.Rcode == dns.RcodeNameError {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return errors.New("no NXDOMAIN answer within 10s")
}

// Addr is the server's host:port.
func (d *Dnsmasq) Addr() string { return d.addr }

// Stop terminates dnsmasq and waits for it.
func (d *Dnsmasq) Stop() {
	_ = d.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-d.exited:
	case <-time.After(5 * time.Second):
		_ = d.cmd.Process.Kill()
		<-d.exited
	}
}
