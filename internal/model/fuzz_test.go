package model

import (
	"bytes"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// decodeAllocBound is the most Decode may allocate for n bytes of input: the
// payload buffer it sets aside for a real model (16 MiB), the first
// allocation gob allows a slice whose claimed length is not yet backed by
// input (10 MiB), and for what the input does hold, a multiple of its size,
// since one byte of input can stand for an empty element of a slice of
// structs ~100 bytes wide, doubled as the slice grows.
func decodeAllocBound(n int) uint64 { return 32<<20 + 256*uint64(n) }

// FuzzDecode feeds the checkpoint loader arbitrary bytes. It must return a
// checkpoint or one line of error, never panic, and allocate in proportion
// to its input, whatever sizes the input claims; DecodeBytes must agree
// with it. What it accepts must build its networks and encode to a file
// that decodes the same.
func FuzzDecode(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		c, err := Decode(bytes.NewReader(data))
		runtime.ReadMemStats(&after)
		if grew := after.TotalAlloc - before.TotalAlloc; grew > decodeAllocBound(len(data)) {
			t.Fatalf("decoding %d bytes allocated %d", len(data), grew)
		}
		inMemory, errInMemory := DecodeBytes(bytes.Clone(data))
		if fmt.Sprint(err) != fmt.Sprint(errInMemory) || !reflect.DeepEqual(c, inMemory) {
			t.Fatalf("Decode gives %v, DecodeBytes %v, or their checkpoints differ", err, errInMemory)
		}
		if err != nil {
			if c != nil || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %q with checkpoint %v, want one line and no checkpoint", err, c != nil)
			}
			return
		}
		if _, err := EnsembleFromCheckpoint[float32](c); err != nil && !strings.Contains(err.Error(), "non-finite") {
			t.Fatalf("a checkpoint that decodes does not build: %v", err)
		}
		var once, twice bytes.Buffer
		if err := c.Encode(&once); err != nil {
			t.Fatalf("a checkpoint that decodes does not encode: %v", err)
		}
		back, err := Decode(bytes.NewReader(once.Bytes()))
		if err != nil {
			t.Fatalf("a re-encoded checkpoint does not decode: %v", err)
		}
		if err := back.Encode(&twice); err != nil || !bytes.Equal(once.Bytes(), twice.Bytes()) {
			t.Fatalf("encode, decode, encode changed the file (%v)", err)
		}
	})
}
