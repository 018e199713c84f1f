// Package framed is the envelope of rnnsent's binary files: a magic string
// naming the kind of file, a format version (uint32, big endian), the
// payload's length (uint64), the payload, and its SHA-256. The length and
// the checksum let a reader tell a truncated or damaged file from a foreign
// one before it decodes anything. The model file and the resume file of an
// interrupted training run are both framed, each with a magic of its own.
package framed

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// MagicLen is the length of every magic string.
const MagicLen = 8

// ErrForeign is returned for input that does not start with the magic
// asked for.
var ErrForeign = errors.New("foreign file")

// Write writes payload framed with magic and version.
func Write(w io.Writer, magic string, version uint32, payload []byte) error {
	if len(magic) != MagicLen {
		panic("framed: magic must be 8 bytes")
	}
	var head [MagicLen + 12]byte
	copy(head[:], magic)
	binary.BigEndian.PutUint32(head[MagicLen:], version)
	binary.BigEndian.PutUint64(head[MagicLen+4:], uint64(len(payload)))
	sum := sha256.Sum256(payload)
	bw := bufio.NewWriter(w)
	bw.Write(head[:])
	bw.Write(payload)
	bw.Write(sum[:])
	return bw.Flush()
}

// Read reads a frame with magic from r, whole: it fails on a payload
// larger than maxPayload, a truncated frame, a checksum that does not
// match, and bytes after the checksum. Errors other than ErrForeign begin
// with what, the kind of file, as in "checkpoint is truncated". The bytes a
// frame claims are only allocated as they actually arrive.
func Read(r io.Reader, magic, what string, maxPayload uint64) (version uint32, payload []byte, err error) {
	var head [MagicLen + 12]byte
	n, err := io.ReadFull(r, head[:])
	if n < MagicLen || string(head[:MagicLen]) != magic {
		if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
			return 0, nil, err
		}
		return 0, nil, ErrForeign
	}
	truncated := fmt.Errorf("%s is truncated", what)
	if err != nil {
		return 0, nil, truncated
	}
	version = binary.BigEndian.Uint32(head[MagicLen:])
	size := binary.BigEndian.Uint64(head[MagicLen+4:])
	if size > maxPayload {
		return 0, nil, fmt.Errorf("%s claims a %d-byte payload, more than the %d this rnnsent accepts", what, size, maxPayload)
	}
	var buf bytes.Buffer
	// Room for a real file at once; a larger claim grows only as bytes arrive.
	buf.Grow(int(min(size, 16<<20)))
	if _, err := io.CopyN(&buf, r, int64(size)); err != nil {
		if err == io.EOF {
			return 0, nil, truncated
		}
		return 0, nil, err
	}
	var sum [sha256.Size]byte
	if _, err := io.ReadFull(r, sum[:]); err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return 0, nil, truncated
		}
		return 0, nil, err
	}
	if sha256.Sum256(buf.Bytes()) != sum {
		return 0, nil, fmt.Errorf("%s is corrupted: its checksum does not match its contents", what)
	}
	if n, _ := r.Read(make([]byte, 1)); n > 0 {
		return 0, nil, fmt.Errorf("%s has unexpected data after its checksum", what)
	}
	return version, buf.Bytes(), nil
}
