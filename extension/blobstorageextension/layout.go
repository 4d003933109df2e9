// Copyright The otelcol-flows Authors
// SPDX-License-Identifier: Apache-2.0

package blobstorageextension // import "github.com/otelcol-flows/otelcol-flows/extension/blobstorageextension"

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// maxFileKey keeps file names (16 + 1 + 2 per key byte + 5) under the
// 255 bytes file systems allow; values of longer keys stay in the wrapped
// storage.
const maxFileKey = 100

// pointerKey is the wrapped storage's key for the pointer to key's file; the
// NUL bytes keep it apart from any key a component chooses.
func pointerKey(key string) string {
	return "\x00blob\x00" + key
}

// blobRef is a pointer: which file holds a value and how long it must be
// (a file cut short by a power loss without fsync is an error, not data).
type blobRef struct {
	seq, size uint64
}

func (r blobRef) encode() []byte {
	return binary.BigEndian.AppendUint64(binary.BigEndian.AppendUint64(make([]byte, 0, 16), r.seq), r.size)
}

func decodeRef(b []byte) (blobRef, error) {
	if len(b) != 16 {
		return blobRef{}, errors.New("pointer is not 16 bytes")
	}
	return blobRef{seq: binary.BigEndian.Uint64(b), size: binary.BigEndian.Uint64(b[8:])}, nil
}

// fileName is the sequence number, so that names never repeat, and the key,
// so that an open can check each file against its key's pointer.
func fileName(seq uint64, key string) string {
	return fmt.Sprintf("%016x.%s.blob", seq, hex.EncodeToString([]byte(key)))
}

func parseFileName(name string) (uint64, string, bool) {
	rest, ok := strings.CutSuffix(name, ".blob")
	if !ok {
		return 0, "", false
	}
	seqHex, keyHex, ok := strings.Cut(rest, ".")
	if !ok || len(seqHex) != 16 {
		return 0, "", false
	}
	seq, err := strconv.ParseUint(seqHex, 16, 64)
	if err != nil {
		return 0, "", false
	}
	key, err := hex.DecodeString(keyHex)
	if err != nil {
		return 0, "", false
	}
	return seq, string(key), true
}
