package e2e

import (
	"context"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

// pcapFlow is one direction of a conversation captured at a given time.
type pcapFlow struct {
	Src, Dst netip.AddrPort
	Proto    uint8
	Packets  int
	Payload  int
	Start    time.Time
	Bytes    int // IP total lengths, filled by writeFlowPcap
}

func (f pcapFlow) key() string {
	return strconv.Itoa(int(f.Proto)) + " " + f.Src.String() + " -> " + f.Dst.String()
}

// writeFlowPcap writes every flow's packets 10 ms apart from its Start, all
// packets in time order, as softflowd expects of a capture file.
func writeFlowPcap(t *testing.T, path string, flows []pcapFlow) []pcapFlow {
	t.Helper()
	type pkt struct {
		at    time.Time
		frame []byte
	}
	var pkts []pkt
	for i := range flows {
		for n := 0; n < flows[i].Packets; n++ {
			frame := frameOf(t, &flows[i], n)
			flows[i].Bytes += len(frame) - 14
			pkts = append(pkts, pkt{flows[i].Start.Add(time.Duration(n) * 10 * time.Millisecond), frame})
		}
	}
	sort.SliceStable(pkts, func(i, j int) bool { return pkts[i].at.Before(pkts[j].at) })
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := pcapgo.NewWriter(f)
	if err := w.WriteFileHeader(65535, layers.LinkTypeEthernet); err != nil {
		t.Fatal(err)
	}
	for _, p := range pkts {
		ci := gopacket.CaptureInfo{Timestamp: p.at, CaptureLength: len(p.frame), Length: len(p.frame)}
		if err := w.WritePacket(ci, p.frame); err != nil {
			t.Fatal(err)
		}
	}
	return flows
}

func frameOf(t *testing.T, f *pcapFlow, seq int) []byte {
	t.Helper()
	eth := &layers.Ethernet{SrcMAC: net.HardwareAddr{2, 0, 0, 0, 0, 1}, DstMAC: net.HardwareAddr{2, 0, 0, 0, 0, 2},
		EthernetType: layers.EthernetTypeIPv4}
	var ip gopacket.SerializableLayer
	var nl gopacket.NetworkLayer
	if f.Src.Addr().Is6() {
		eth.EthernetType = layers.EthernetTypeIPv6
		v6 := &layers.IPv6{Version: 6, HopLimit: 64, NextHeader: layers.IPProtocol(f.Proto),
			SrcIP: f.Src.Addr().AsSlice(), DstIP: f.Dst.Addr().AsSlice()}
		ip, nl = v6, v6
	} else {
		v4 := &layers.IPv4{Version: 4, TTL: 64, Protocol: layers.IPProtocol(f.Proto),
			SrcIP: f.Src.Addr().AsSlice(), DstIP: f.Dst.Addr().AsSlice()}
		ip, nl = v4, v4
	}
	var tl gopacket.SerializableLayer
	if f.Proto == 6 {
		tcp := &layers.TCP{SrcPort: layers.TCPPort(f.Src.Port()), DstPort: layers.TCPPort(f.Dst.Port()),
			Seq: uint32(1000 + seq), ACK: seq > 0, SYN: seq == 0, Window: 65535}
		_ = tcp.SetNetworkLayerForChecksum(nl)
		tl = tcp
	} else {
		udp := &layers.UDP{SrcPort: layers.UDPPort(f.Src.Port()), DstPort: layers.UDPPort(f.Dst.Port())}
		_ = udp.SetNetworkLayerForChecksum(nl)
		tl = udp
	}
	buf := gopacket.NewSerializeBuffer()
	opts := gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}
	if err := gopacket.SerializeLayers(buf, opts, eth, ip, tl, gopacket.Payload(make([]byte, f.Payload))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// replaySoftflowd exports the capture to collector with softflowd in NetFlow
// version 9 or IPFIX (10); softflowd expires every flow at the end of the
// file and exits. softflowd 1.1.0 truncates long -r/-c paths, so it runs in
// the capture's directory.
//
// In IPFIX, softflowd sends flow times as sysUpTime relative to its
// systemInitTimeMilliseconds, which it takes from the wall clock: packets
// older than the start of softflowd get negative, wrapped uptimes. The
// receiver places them modulo 2^32 ms around the export time, which dates
// correctly every flow within 24.8 days of it, as all of this capture's are.
func replaySoftflowd(t *testing.T, pcap, collector string, version int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	args := []string{"softflowd", "-d", "-r", filepath.Base(pcap), "-n", collector,
		"-v", strconv.Itoa(version), "-p", "sf.pid", "-c", "sf.ctl"}
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Dir = filepath.Dir(pcap)
	cmd.Env = append(os.Environ(), "TZ=UTC")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("softflowd -v %d: %v\n%s", version, err, out)
	}
}
