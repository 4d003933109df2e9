// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package decoder

import (
	"encoding/binary"
	"encoding/hex"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/otelcol-flows/otelcol-flows/internal/iana"
	"github.com/otelcol-flows/otelcol-flows/internal/testutil"
	"github.com/otelcol-flows/otelcol-flows/receiver/ipfixreceiver/internal/elements"
)

// vendorFiles are the element files the distribution ships.
func vendorFiles(t *testing.T) []string {
	files, err := filepath.Glob("../../../../distribution/elements/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	return files
}

// loadVendorFile reads a shipped file as the receiver does; it must load without error.
func loadVendorFile(t *testing.T, path string) []iana.Element {
	s := elements.NewSet()
	require.NoError(t, s.AddFile(path))
	defs, err := s.Elements()
	require.NoError(t, err)
	require.NotEmpty(t, defs)
	return defs
}

// sampleValue is a value of e's type as sent (length, bytes) and as we write it.
func sampleValue(e iana.Element) (length uint16, data []byte, want string) {
	n := uint64(e.ID)*1000 + 7
	switch e.Type {
	case iana.Unsigned8, iana.Signed8:
		return 1, []byte{byte(e.ID)}, strconv.Itoa(int(byte(e.ID)))
	case iana.Unsigned16, iana.Signed16:
		return 2, binary.BigEndian.AppendUint16(nil, uint16(n)), strconv.Itoa(int(uint16(n)))
	case iana.Unsigned32, iana.Signed32:
		return 4, binary.BigEndian.AppendUint32(nil, uint32(n)), strconv.FormatUint(n, 10)
	case iana.Unsigned64, iana.Signed64:
		return 8, binary.BigEndian.AppendUint64(nil, n), strconv.FormatUint(n, 10)
	case iana.IPv4Address:
		return 4, []byte{192, 0, 2, byte(e.ID)}, "192.0.2." + strconv.Itoa(int(byte(e.ID)))
	case iana.DateTimeMilliseconds:
		ms := int64(exportSecs)*1000 + int64(e.ID)
		return 8, binary.BigEndian.AppendUint64(nil, uint64(ms)), time.UnixMilli(ms).UTC().Format(time.RFC3339Nano)
	case iana.String:
		s := "v" + strconv.Itoa(int(e.ID)) + ".example"
		return uint16(len(s)), []byte(s), s
	}
	b := []byte{0xde, 0xad, 0xbe, 0xef, byte(e.ID >> 8), byte(e.ID)}
	return uint16(len(b)), b, hex.EncodeToString(b)
}

// vendorMessages builds one IPFIX message per element: a template of simpleFields plus the
// element, and one record.
func vendorMessages(defs []iana.Element) (msgs [][]byte, wants []string) {
	for i, e := range defs {
		length, data, want := sampleValue(e)
		fields := append(append([]fieldSpec(nil), simpleFields...), fieldSpec{PEN: e.PEN, ID: e.ID, Length: length})
		rec := cat(simpleRecord("10.0.0.1", "10.0.0.2", 1000, 80, 500), data)
		msgs = append(msgs, ipfixMsg(uint32(i+1), 0, set(2, tmplRec(300, fields...)), set(300, rec)))
		wants = append(wants, want)
	}
	return msgs, wants
}

// TestVendorElementFiles loads every shipped file and decodes each of its elements: named
// netflow.<key>, typed, and raw (netflow.enterprise.<pen>.<id>) without the file.
func TestVendorElementFiles(t *testing.T) {
	for _, path := range vendorFiles(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			defs := loadVendorFile(t, path)
			msgs, wants := vendorMessages(defs)
			cfg := testConfig()
			cfg.Elements = NewElements(defs)
			for i, e := range defs {
				named := decodeOneRecord(t, cfg, msgs[i])
				v, ok := named.Get("netflow." + e.Key)
				require.True(t, ok, "%s (%d/%d)", e.Name, e.PEN, e.ID)
				assert.Equal(t, wants[i], v.AsString(), e.Name)
				raw := decodeOneRecord(t, testConfig(), msgs[i])
				_, ok = raw.Get("netflow." + e.Key)
				assert.False(t, ok, "%s is not compiled in", e.Name)
			}
		})
	}
}

// TestVendorElementsAgreeWithTshark has tshark's cflow dissector decode the same messages:
// where it knows an element (a cflow.pie.<vendor>.* field other than the vendor's own
// header fields), its value must be ours.
func TestVendorElementsAgreeWithTshark(t *testing.T) {
	tshark := testutil.RequireTool(t, "tshark")
	fields := tsharkPIEFields(t, tshark)
	known := 0
	for _, path := range vendorFiles(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			defs := loadVendorFile(t, path)
			msgs, _ := vendorMessages(defs)
			datagrams := make([]testutil.Datagram, len(msgs))
			for i, m := range msgs {
				datagrams[i] = testutil.Datagram{Src: rawExporter, Received: baseTime, Payload: m}
			}
			pcap := filepath.Join(t.TempDir(), "vendor.pcap")
			testutil.WriteUDPPcap(t, pcap, collectorPort, datagrams)
			frames := testutil.TsharkFields(t, tshark, pcap, []string{"-d", "udp.port==" + strconv.Itoa(collectorPort) + ",cflow"}, fields)
			require.Len(t, frames, len(msgs))
			cfg := testConfig()
			cfg.Elements = NewElements(defs)
			for i, e := range defs {
				v, ok := decodeOneRecord(t, cfg, msgs[i]).Get("netflow." + e.Key)
				require.True(t, ok)
				for j, occ := range frames[i] {
					if len(occ) == 0 {
						continue
					}
					known++
					assert.Equal(t, []string{v.AsString()}, tsharkValues(occ), "%s (%d/%d) is tshark's %s", e.Name, e.PEN, e.ID, fields[j])
					assert.Equal(t, tsharkName(fields[j]), strings.SplitN(e.Key, "_", 2)[1], "our name of %d/%d", e.PEN, e.ID)
				}
			}
		})
	}
	t.Logf("tshark decoded %d vendor elements", known)
	assert.Positive(t, known, "tshark knows some of the shipped elements (nProbe's)")
}

// tsharkPIEFields lists tshark's fields for enterprise elements it knows, less the header
// fields each vendor's elements carry (PEN, type).
func tsharkPIEFields(t *testing.T, tshark string) []string {
	out, err := exec.Command(tshark, "-G", "fields").Output()
	require.NoError(t, err)
	var fields []string
	for line := range strings.SplitSeq(string(out), "\n") {
		cols := strings.Split(line, "\t")
		if len(cols) < 4 || cols[0] != "F" || !strings.HasPrefix(cols[2], "cflow.pie.") || cols[3] == "FT_NONE" {
			continue
		}
		fields = append(fields, cols[2])
	}
	require.NotEmpty(t, fields)
	return fields
}

// tsharkAliases are tshark 4.0's names that differ from the vendor's: an older name (SSL), a
// shorter one, a typo.
var tsharkAliases = map[string]string{
	"ssl_server_name": "tls_server_name", "tunnel_id": "upstream_tunnel_id", "downstram_tunnel_id": "downstream_tunnel_id",
}

// tsharkName is the element name in a tshark field, as the vendor names it.
func tsharkName(field string) string {
	name := field[strings.LastIndexByte(field, '.')+1:]
	if alias, ok := tsharkAliases[name]; ok {
		return alias
	}
	return name
}

func tsharkValues(occ []string) []string {
	out := make([]string, len(occ))
	for i, v := range occ {
		out[i] = testutil.TsharkValue(v)
	}
	return out
}
