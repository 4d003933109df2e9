// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package udpingest // import "github.com/otelcol-flows/otelcol-flows/internal/udpingest"

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"strconv"
)

// kernelDrops sums the "drops" column of /proc/net/udp and /proc/net/udp6
// for the receiver's own sockets: datagrams the kernel discarded because a
// socket's receive buffer was full. They never reach user space, so this
// is the only place they can be counted.
type kernelDrops struct {
	inodes map[uint64]struct{}
	files  []string
}

func newKernelDrops(inodes []uint64) *kernelDrops {
	k := &kernelDrops{
		inodes: make(map[uint64]struct{}, len(inodes)),
		files:  []string{"/proc/self/net/udp", "/proc/self/net/udp6"},
	}
	for _, ino := range inodes {
		k.inodes[ino] = struct{}{}
	}
	return k
}

// Total returns the drops of all our sockets. A missing file (not Linux,
// IPv6 disabled) contributes nothing.
func (k *kernelDrops) Total() int64 {
	var total int64
	for _, name := range k.files {
		f, err := os.Open(name)
		if err != nil {
			continue
		}
		total += k.sum(f)
		_ = f.Close()
	}
	return total
}

// sum parses lines such as
// "  1: 00000000:12AB 00000000:0000 07 00000000:00000000 00:00000000 00000000  0  0 12345 2 0000000000000000 17"
// whose 10th field is the inode and 13th the drop count.
func (k *kernelDrops) sum(r io.Reader) int64 {
	var total int64
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		fields := bytes.Fields(sc.Bytes())
		if len(fields) < 13 {
			continue
		}
		ino, err := strconv.ParseUint(string(fields[9]), 10, 64)
		if err != nil {
			continue // header line
		}
		if _, ok := k.inodes[ino]; !ok {
			continue
		}
		if drops, err := strconv.ParseInt(string(fields[12]), 10, 64); err == nil {
			total += drops
		}
	}
	return total
}
