// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package procstat

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// SocketInodes returns the inodes of the sockets the process has open, from
// the "socket:[inode]" links in /proc/<pid>/fd.
func SocketInodes(pid int) (map[uint64]bool, error) {
	dir := filepath.Join(Root, strconv.Itoa(pid), "fd")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	inodes := map[uint64]bool{}
	for _, e := range entries {
		link, err := os.Readlink(filepath.Join(dir, e.Name()))
		if err != nil || !strings.HasPrefix(link, "socket:[") {
			continue // closed since ReadDir, or not a socket
		}
		if ino, err := strconv.ParseUint(strings.Trim(link[len("socket:"):], "[]"), 10, 64); err == nil {
			inodes[ino] = true
		}
	}
	return inodes, nil
}

// UDPStats sums, over the UDP sockets with the given inodes, the datagrams
// the kernel dropped (receive buffer full) and the bytes queued now.
type UDPStats struct {
	Sockets int
	Drops   uint64
	RxQueue uint64
}

// ReadUDP reads /proc/net/udp and /proc/net/udp6 (of the reading process's
// network namespace, which on loopback is the collector's).
func ReadUDP(inodes map[uint64]bool) (UDPStats, error) {
	var st UDPStats
	for _, name := range []string{"udp", "udp6"} {
		if err := readUDPFile(filepath.Join(Root, "net", name), inodes, &st); err != nil && !os.IsNotExist(err) {
			return st, err
		}
	}
	return st, nil
}

func readUDPFile(path string, inodes map[uint64]bool, st *UDPStats) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		// sl local rem st tx_queue:rx_queue tr:tm retrnsmt uid timeout inode ref pointer drops
		fields := strings.Fields(sc.Text())
		if len(fields) < 13 {
			continue
		}
		ino, err := strconv.ParseUint(fields[9], 10, 64)
		if err != nil || !inodes[ino] {
			continue
		}
		st.Sockets++
		drops, _ := strconv.ParseUint(fields[12], 10, 64)
		st.Drops += drops
		if _, rx, ok := strings.Cut(fields[4], ":"); ok {
			q, _ := strconv.ParseUint(rx, 16, 64)
			st.RxQueue += q
		}
	}
	return sc.Err()
}
