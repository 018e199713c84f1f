// Package framed is the envelope of rnnsent's binary files: a magic string
// naming the kind of file, a format version (uint32, big endian), the
// payload's length (uint64), the payload, and its checksum, whose kind the
// version decides. The length and the checksum let a reader tell a
// truncated or damaged file from a foreign one before it decodes anything.
// The model file and the resume file of an interrupted training run are
// both framed, each with a Format of its own.
package framed

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
)

// MagicLen is the length of every magic string.
const MagicLen = 8

// The magics of rnnsent's two framed files, here where a reader handed the
// other kind can see them and say what it was given.
const (
	ModelMagic  = "RNNSENT\x00"
	ResumeMagic = "RNNSRSUM"
)

// headLen is the length of a frame before its payload.
const headLen = MagicLen + 12

// ErrForeign is returned for input that does not start with the magic
// asked for.
var ErrForeign = errors.New("foreign file")

// Checksum is a kind of checksum that ends a frame.
type Checksum int

const (
	// SHA256 is the 32-byte SHA-256 of the payload.
	SHA256 Checksum = iota
	// CRC32 is the 4-byte CRC-32 of the payload (the IEEE polynomial of
	// zip and PNG), big endian. It guards against damage (a truncated copy,
	// flipped bits, a file cut short and padded), which it misses with a
	// chance of one in four billion; it does not guard against someone
	// crafting a file, but neither did SHA-256, which anyone changing a
	// file can recompute as well. amd64 and arm64 compute it in hardware:
	// a 4 MB model took 0.2-0.4 ms in a new process, where SHA-256 took
	// 2-3 ms and CRC-32C (Castagnoli) 0.4-0.9 ms, most of it the tables it
	// builds on first use.
	CRC32
)

func (c Checksum) size() int {
	if c == CRC32 {
		return crc32.Size
	}
	return sha256.Size
}

func (c Checksum) append(dst, payload []byte) []byte {
	if c == CRC32 {
		return binary.BigEndian.AppendUint32(dst, crc32.ChecksumIEEE(payload))
	}
	sum := sha256.Sum256(payload)
	return append(dst, sum[:]...)
}

// Format is one kind of framed file.
type Format struct {
	Magic      string // MagicLen bytes
	What       string // the kind of file, as errors name it: "checkpoint"
	MaxPayload uint64 // readers refuse a larger payload
	// Checksum returns the checksum that ends a frame of version, or the
	// error that a reader of this rnnsent cannot read that version. Nil
	// means SHA-256 for every version.
	Checksum func(version uint32) (Checksum, error)
}

func (f *Format) checksum(version uint32) (Checksum, error) {
	if f.Checksum == nil {
		return SHA256, nil
	}
	return f.Checksum(version)
}

// Write writes payload framed with version.
func (f *Format) Write(w io.Writer, version uint32, payload []byte) error {
	if len(f.Magic) != MagicLen {
		panic("framed: magic must be 8 bytes")
	}
	sum, err := f.checksum(version)
	if err != nil {
		return err
	}
	head := make([]byte, 0, headLen)
	head = append(head, f.Magic...)
	head = binary.BigEndian.AppendUint32(head, version)
	head = binary.BigEndian.AppendUint64(head, uint64(len(payload)))
	bw := bufio.NewWriter(w)
	bw.Write(head)
	bw.Write(payload)
	bw.Write(sum.append(nil, payload))
	return bw.Flush()
}

// Read reads a frame from r, whole: it fails on a version the format does
// not know, a payload larger than MaxPayload, a truncated frame, a checksum
// that does not match, and bytes after the checksum. Errors other than
// ErrForeign begin with f.What, as in "checkpoint is truncated". The bytes a
// frame claims are only allocated as they actually arrive.
func (f *Format) Read(r io.Reader) (version uint32, payload []byte, err error) {
	var head [headLen]byte
	n, err := io.ReadFull(r, head[:])
	if n < MagicLen || string(head[:MagicLen]) != f.Magic {
		if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
			return 0, nil, err
		}
		return 0, nil, ErrForeign
	}
	if err != nil {
		return 0, nil, f.truncated()
	}
	version, size, sum, err := f.head(head[:])
	if err != nil {
		return 0, nil, err
	}
	// The payload and its checksum in one buffer, read whole with the first
	// read for a real file; a larger claim grows only as bytes arrive.
	want := size + uint64(sum.size())
	buf := make([]byte, 0, min(want, 16<<20))
	for uint64(len(buf)) < want {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):min(uint64(cap(buf)), want)])
		buf = buf[:len(buf)+n]
		if err != nil && uint64(len(buf)) < want {
			if err == io.EOF {
				return 0, nil, f.truncated()
			}
			return 0, nil, err
		}
	}
	if n, _ := r.Read(make([]byte, 1)); n > 0 {
		return 0, nil, f.trailing()
	}
	payload, err = f.check(sum, buf[:size:size], buf[size:])
	return version, payload, err
}

// Parse is Read for a frame already in memory, all of data. The payload it
// returns is part of data, not a copy.
func (f *Format) Parse(data []byte) (version uint32, payload []byte, err error) {
	if len(data) < MagicLen || string(data[:MagicLen]) != f.Magic {
		return 0, nil, ErrForeign
	}
	if len(data) < headLen {
		return 0, nil, f.truncated()
	}
	version, size, sum, err := f.head(data[:headLen])
	if err != nil {
		return 0, nil, err
	}
	switch rest := uint64(len(data) - headLen); {
	case rest < size+uint64(sum.size()):
		return 0, nil, f.truncated()
	case rest > size+uint64(sum.size()):
		return 0, nil, f.trailing()
	}
	data = data[headLen:]
	payload, err = f.check(sum, data[:size:size], data[size:])
	return version, payload, err
}

// head reads the version and the payload's length from a frame's first
// headLen bytes, and checks them.
func (f *Format) head(head []byte) (version uint32, size uint64, sum Checksum, err error) {
	version = binary.BigEndian.Uint32(head[MagicLen:])
	size = binary.BigEndian.Uint64(head[MagicLen+4:])
	if sum, err = f.checksum(version); err != nil {
		return 0, 0, 0, err
	}
	if size > f.MaxPayload {
		return 0, 0, 0, fmt.Errorf("%s claims a %d-byte payload, more than the %d this rnnsent accepts", f.What, size, f.MaxPayload)
	}
	return version, size, sum, nil
}

// check returns payload if got is its checksum.
func (f *Format) check(sum Checksum, payload, got []byte) ([]byte, error) {
	var buf [sha256.Size]byte
	if string(sum.append(buf[:0], payload)) != string(got) {
		return nil, fmt.Errorf("%s is corrupted: its checksum does not match its contents", f.What)
	}
	return payload, nil
}

func (f *Format) truncated() error { return fmt.Errorf("%s is truncated", f.What) }

func (f *Format) trailing() error {
	return fmt.Errorf("%s has unexpected data after its checksum", f.What)
}
