// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package e2e

import (
	"bufio"
	"encoding/binary"
	"io"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/maxmind/mmdbwriter"
	"github.com/maxmind/mmdbwriter/mmdbtype"
	"github.com/miekg/dns"

	"github.com/otelcol-flows/otelcol-flows/internal/estest"
	"github.com/otelcol-flows/otelcol-flows/internal/geodbtest"
	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
)

// esPipeline is a running otelcol-flows with distribution/otel-elasticsearch.yaml,
// writing to an in-process test Elasticsearch with the templates installed by
// scripts/es-setup.sh, with a test GeoIP database and a test DNS server.
type esPipeline struct {
	es          *estest.Server
	col         *collector
	ipfixAddr   string
	metricsPort int
	config      string
	overlays    []string // merged over config (see startCollector)
	healthPort  int
	stateDir    string // file_storage's directory: templates and, by default, the exporter's queue
}

// terminate sends SIGTERM and, if the collector has not exited after grace,
// SIGKILL, as systemd does after TimeoutStopSec. It reports whether the
// collector exited by itself.
func (p *esPipeline) terminate(grace time.Duration) bool {
	c := p.col
	c.stopped = true
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.done:
		return true
	case <-time.After(grace):
		_ = c.cmd.Process.Kill()
		<-c.done
		return false
	}
}

// restart starts the collector (again) with the same configuration and
// environment (so the same state directory and queue).
func (p *esPipeline) restart(t *testing.T) {
	t.Helper()
	p.col = startCollector(t, p.config, p.healthPort, p.overlays...)
}

// place is what the test GeoIP database and DNS server know of an address.
type place struct {
	Network  string
	Country  string
	City     string
	Lat, Lon float64
	PTR      string
	ASN      uint32
	ASOrg    string
}

// testPlaces are public addresses (so that geoip's and reversedns's special-address
// filters let them through). They only appear inside flow records sent to
// loopback: nothing is ever sent to them.
var testPlaces = map[string]place{
	"81.2.69.142":   {Network: "81.2.69.0/24", Country: "GB", City: "London", Lat: 51.5142, Lon: -0.0931, PTR: "host.example.co.uk.", ASN: 64496, ASOrg: "Example Transit UK"},
	"89.160.20.112": {Network: "89.160.20.0/24", Country: "SE", City: "Linköping", Lat: 58.4167, Lon: 15.6167, PTR: "www.example.se.", ASN: 64497, ASOrg: "Example Hosting SE"},
	"2a02:cf40::5":  {Network: "2a02:cf40::/32", Country: "NO", City: "Oslo", Lat: 59.955, Lon: 10.859, PTR: "v6.example.no."},
	// A damaged database entry: a latitude no geo_point accepts. Documents of
	// flows from or to this address are rejected by the mapping.
	"175.16.199.1": {Network: "175.16.199.0/24", Country: "CN", City: "Changchun", Lat: 95, Lon: 125.3, PTR: "bad-geo.example.cn."},
}

// startESPipeline starts estest, installs the templates with the real setup
// script, and starts the collector on the real distribution config, with
// overlays merged over it.
func startESPipeline(t *testing.T, overlays ...string) *esPipeline {
	t.Helper()
	p := newESPipeline(t, "otel-elasticsearch.yaml", overlays...)
	p.restart(t)
	return p
}

// newESPipeline is startESPipeline without starting the collector, on
// distribution/<config>: estest with the templates, the test GeoIP database
// and DNS server, and the environment that points the config at them.
func newESPipeline(t *testing.T, config string, overlays ...string) *esPipeline {
	t.Helper()
	testutil.RequireTool(t, "curl")
	es, err := estest.NewServer(estest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = es.Close() })
	setup := exec.Command("sh", "../../scripts/es-setup.sh")
	setup.Env = append(os.Environ(), "ELASTICSEARCH_URL="+es.URL())
	if out, err := setup.CombinedOutput(); err != nil {
		t.Fatalf("es-setup.sh: %v\n%s", err, out)
	}

	dir := t.TempDir()
	mmdb := filepath.Join(dir, "GeoIP2-City.mmdb")
	writeCityDB(t, mmdb)
	asnDB := filepath.Join(dir, "GeoLite2-ASN.mmdb")
	writeASNDB(t, asnDB)
	dnsAddr := startPTRServer(t)
	p := &esPipeline{es: es, metricsPort: testutil.FreeTCPPort(t), stateDir: filepath.Join(dir, "state")}
	health := testutil.FreeTCPPort(t)
	p.ipfixAddr = "127.0.0.1:" + strconv.Itoa(testutil.FreeUDPPort(t))
	for k, v := range map[string]string{
		"ELASTICSEARCH_URL":              es.URL(),
		"OTELCOL_FLOWS_IPFIX_ENDPOINT":   p.ipfixAddr,
		"OTELCOL_FLOWS_NETFLOW_ENDPOINT": "127.0.0.1:" + strconv.Itoa(testutil.FreeUDPPort(t)),
		"OTELCOL_FLOWS_SFLOW_ENDPOINT":   "127.0.0.1:" + strconv.Itoa(testutil.FreeUDPPort(t)),
		"OTELCOL_FLOWS_STATE_DIR":        p.stateDir,
		"OTELCOL_FLOWS_GEOIP_CITY":       mmdb,
		"OTELCOL_FLOWS_GEOIP_ASN":        asnDB,
		"OTELCOL_FLOWS_NAMESERVERS":      "[" + dnsAddr + "]",
		// Loopback DNS answers in microseconds; a generous budget keeps a busy CI from losing names.
		"OTELCOL_FLOWS_DNS_BUDGET":      "2s",
		"OTELCOL_FLOWS_HEALTH_ENDPOINT": "127.0.0.1:" + strconv.Itoa(health),
		"OTELCOL_FLOWS_METRICS_PORT":    strconv.Itoa(p.metricsPort),
	} {
		t.Setenv(k, v)
	}
	cfg, err := os.ReadFile(filepath.Join("../../distribution", config))
	if err != nil {
		t.Fatal(err)
	}
	p.config, p.healthPort, p.overlays = string(cfg), health, overlays
	return p
}

// waitDocs waits until the indices hold want documents in total.
func (p *esPipeline) waitDocs(t *testing.T, want int, timeout time.Duration) estest.Counts {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		c := p.es.Counts()
		total := 0
		for _, n := range c.Docs {
			total += n
		}
		if total >= want {
			return c
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d documents after %s, want %d; counts %+v\n%s", total, timeout, want, c, p.col.Output())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// metric returns the sum of a Prometheus counter's samples (with or without
// the _total suffix) whose labels contain all of labels.
func (p *esPipeline) metric(t *testing.T, name string, labels ...string) float64 {
	t.Helper()
	return metricSum(t, p.metricsPort, name, labels...)
}

// metricSum is esPipeline.metric for the collector serving its metrics on port.
func metricSum(t *testing.T, port int, name string, labels ...string) float64 {
	t.Helper()
	resp, err := http.Get("http://127.0.0.1:" + strconv.Itoa(port) + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	sum := 0.0
	line := regexp.MustCompile(`^` + regexp.QuoteMeta(name) + `(?:_total)?(\{[^}]*\})? ([0-9.e+-]+)$`)
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		m := line.FindStringSubmatch(sc.Text())
		if m == nil || !containsAll(m[1], labels) {
			continue
		}
		v, _ := strconv.ParseFloat(m[2], 64)
		sum += v
	}
	return sum
}

func containsAll(s string, subs []string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

// writeCityDB writes a GeoIP2-City database with testPlaces.
func writeCityDB(t *testing.T, path string) {
	t.Helper()
	records := make(map[string]mmdbtype.DataType, len(testPlaces))
	for _, pl := range testPlaces {
		records[pl.Network] = mmdbtype.Map{
			"city":    mmdbtype.Map{"names": mmdbtype.Map{"en": mmdbtype.String(pl.City)}},
			"country": mmdbtype.Map{"iso_code": mmdbtype.String(pl.Country), "names": mmdbtype.Map{"en": mmdbtype.String(pl.Country)}},
			"location": mmdbtype.Map{"latitude": mmdbtype.Float64(pl.Lat), "longitude": mmdbtype.Float64(pl.Lon),
				"time_zone": mmdbtype.String("UTC"), "accuracy_radius": mmdbtype.Uint16(10)},
		}
	}
	geodbtest.WriteRecords(t, path, mmdbwriter.Options{DatabaseType: "GeoIP2-City", RecordSize: 28,
		IncludeReservedNetworks: true, Languages: []string{"en"}}, records)
}

// writeASNDB writes a GeoLite2-ASN database with the AS of the testPlaces that have one.
func writeASNDB(t *testing.T, path string) {
	t.Helper()
	records := make(map[string]mmdbtype.DataType, len(testPlaces))
	for _, pl := range testPlaces {
		if pl.ASN == 0 {
			continue
		}
		records[pl.Network] = mmdbtype.Map{"autonomous_system_number": mmdbtype.Uint32(pl.ASN),
			"autonomous_system_organization": mmdbtype.String(pl.ASOrg)}
	}
	geodbtest.WriteRecords(t, path, mmdbwriter.Options{DatabaseType: "GeoLite2-ASN", RecordSize: 28, IncludeReservedNetworks: true}, records)
}

// startPTRServer answers PTR queries for testPlaces on a loopback UDP port.
func startPTRServer(t *testing.T) string {
	t.Helper()
	names := map[string]string{}
	for ip, pl := range testPlaces {
		rev, err := dns.ReverseAddr(ip)
		if err != nil {
			t.Fatal(err)
		}
		names[rev] = pl.PTR
	}
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &dns.Server{PacketConn: pc, Handler: dns.HandlerFunc(func(w dns.ResponseWriter, r *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(r)
		q := r.Question[0]
		if ptr, ok := names[strings.ToLower(q.Name)]; ok && q.Qtype == dns.TypePTR {
			m.Answer = append(m.Answer, &dns.PTR{Hdr: dns.RR_Header{Name: q.Name, Rrtype: dns.TypePTR, Class: dns.ClassINET, Ttl: 3600}, Ptr: ptr})
		} else {
			m.Rcode = dns.RcodeNameError
		}
		_ = w.WriteMsg(m)
	})}
	started := make(chan struct{})
	srv.NotifyStartedFunc = func() { close(started) }
	go func() { _ = srv.ActivateAndServe() }()
	<-started
	t.Cleanup(func() { _ = srv.Shutdown() })
	return pc.LocalAddr().String()
}

// ipfixFlow is one flow record of the test's own IPFIX exporter.
type ipfixFlow struct {
	Src, Dst   netip.AddrPort
	Proto      uint8
	Bytes      uint64
	Packets    uint64
	Start, End time.Time
}

// ipfixTemplate is flowStart/EndMilliseconds, the IPv4 5-tuple and counters.
var ipfixTemplate = [][2]uint16{{8, 4}, {12, 4}, {7, 2}, {11, 2}, {4, 1}, {1, 8}, {2, 8}, {152, 8}, {153, 8}}

const ipfixTemplateID = 256

// ipfixPacket encodes a message with the template set and one data set, as a
// simple exporter that repeats its template in every message would send it.
func ipfixPacket(seq uint32, flows []ipfixFlow) []byte {
	b := make([]byte, 16, 1400)
	tmplStart := len(b)
	b = binary.BigEndian.AppendUint16(b, 2)
	b = binary.BigEndian.AppendUint16(b, 0)
	b = binary.BigEndian.AppendUint16(b, ipfixTemplateID)
	b = binary.BigEndian.AppendUint16(b, uint16(len(ipfixTemplate)))
	for _, f := range ipfixTemplate {
		b = binary.BigEndian.AppendUint16(b, f[0])
		b = binary.BigEndian.AppendUint16(b, f[1])
	}
	binary.BigEndian.PutUint16(b[tmplStart+2:], uint16(len(b)-tmplStart))
	dataStart := len(b)
	b = binary.BigEndian.AppendUint16(b, ipfixTemplateID)
	b = binary.BigEndian.AppendUint16(b, 0)
	for _, f := range flows {
		s4, d4 := f.Src.Addr().As4(), f.Dst.Addr().As4()
		b = append(b, s4[:]...)
		b = append(b, d4[:]...)
		b = binary.BigEndian.AppendUint16(b, f.Src.Port())
		b = binary.BigEndian.AppendUint16(b, f.Dst.Port())
		b = append(b, f.Proto)
		b = binary.BigEndian.AppendUint64(b, f.Bytes)
		b = binary.BigEndian.AppendUint64(b, f.Packets)
		b = binary.BigEndian.AppendUint64(b, uint64(f.Start.UnixMilli()))
		b = binary.BigEndian.AppendUint64(b, uint64(f.End.UnixMilli()))
	}
	binary.BigEndian.PutUint16(b[dataStart+2:], uint16(len(b)-dataStart))
	binary.BigEndian.PutUint16(b[0:], 10)
	binary.BigEndian.PutUint16(b[2:], uint16(len(b)))
	binary.BigEndian.PutUint32(b[4:], uint32(time.Now().Unix()))
	binary.BigEndian.PutUint32(b[8:], seq)
	binary.BigEndian.PutUint32(b[12:], 1)
	return b
}

// sendIPFIX sends flows to addr, perPacket records per message, and returns
// the sequence number to continue with.
func sendIPFIX(t *testing.T, conn io.Writer, seq uint32, flows []ipfixFlow, perPacket int) uint32 {
	t.Helper()
	for len(flows) > 0 {
		n := min(perPacket, len(flows))
		if _, err := conn.Write(ipfixPacket(seq, flows[:n])); err != nil {
			t.Fatal(err)
		}
		seq += uint32(n)
		flows = flows[n:]
	}
	return seq
}

func dialUDP(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("udp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}
