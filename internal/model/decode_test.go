package model

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"math"
	"math/bits"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// frame wraps payload in the checkpoint format with a valid checksum, as a
// crafted file would: the checks a lying payload meets are then only those
// of Decode itself.
func frame(payload []byte) []byte { return frameVersion(FormatVersion, payload) }

// frameVersion is frame with the format version v.
func frameVersion(v uint32, payload []byte) []byte {
	out := []byte(Magic)
	out = binary.BigEndian.AppendUint32(out, v)
	out = binary.BigEndian.AppendUint64(out, uint64(len(payload)))
	out = append(out, payload...)
	sum := sha256.Sum256(payload)
	return append(out, sum[:]...)
}

// gobPayload encodes c as a checkpoint payload, skipping Encode's checks.
func gobPayload(t *testing.T, c *Checkpoint) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(c); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// gobUint is x in gob's unsigned integer encoding.
func gobUint(x uint64) []byte {
	if x < 0x80 {
		return []byte{byte(x)}
	}
	b := binary.BigEndian.AppendUint64(nil, x)
	for b[0] == 0 {
		b = b[1:]
	}
	return append([]byte{byte(-len(b))}, b...)
}

// readGobUint decodes a gob unsigned integer at the start of b and returns
// it and its length in bytes.
func readGobUint(b []byte) (uint64, int) {
	if b[0] < 0x80 {
		return uint64(b[0]), 1
	}
	n := int(-int8(b[0]))
	var x uint64
	for _, c := range b[1 : 1+n] {
		x = x<<8 | uint64(c)
	}
	return x, 1 + n
}

// claimLength rewrites the gob payload so that the slice of count elements
// encoded as marker claims n elements instead, keeping the stream's message
// framing right. Gob streams are messages, each its length and its body; the
// checkpoint value is the last one.
func claimLength(t *testing.T, payload []byte, count uint64, marker []byte, n uint64) []byte {
	t.Helper()
	last := 0
	for off := 0; off < len(payload); {
		size, k := readGobUint(payload[off:])
		last = off
		off += k + int(size)
	}
	_, k := readGobUint(payload[last:])
	body := payload[last+k:]
	was := gobUint(count)
	i := bytes.Index(body, append(bytes.Clone(was), marker...))
	if i < 0 {
		t.Fatal("marker not found in the payload")
	}
	newBody := append(append(bytes.Clone(body[:i]), gobUint(n)...), body[i+len(was):]...)
	out := append(bytes.Clone(payload[:last]), gobUint(uint64(len(newBody)))...)
	return append(out, newBody...)
}

func TestDecodeCraftedClaimsFailFastAndSmall(t *testing.T) {
	cfg := Config{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Classes: 2, Vocab: 12, Embed: 5, Hidden: 6}
	_, c := testCheckpoint(t, cfg)
	var buf bytes.Buffer
	if err := c.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	// The dense bias of a binary model is one value, easy to find in the
	// payload whether stored as bytes or, as the first files held it, as a
	// float, which gob writes with its bytes reversed.
	const bias = -1234.5
	marker := binary.LittleEndian.AppendUint32(nil, math.Float32bits(bias))
	floatMarker := gobUint(bits.ReverseBytes64(math.Float64bits(bias)))
	withBias := func(b Tensor) []byte {
		m := *c
		m.Tensors = append([]Tensor(nil), c.Tensors...)
		b.Name, b.Rows, b.Cols = "dense.b", 1, 1
		m.Tensors[len(m.Tensors)-1] = b
		return gobPayload(t, &m)
	}

	edit := func(f func(*Checkpoint)) []byte {
		e := *c
		e.Tensors = append([]Tensor(nil), c.Tensors...)
		f(&e)
		return frame(gobPayload(t, &e))
	}
	flipped := bytes.Clone(good)
	flipped[len(flipped)/2] ^= 0x10
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"one byte flipped", flipped, "checkpoint is corrupted: its checksum does not match its contents"},
		{"truncated by one byte", good[:len(good)-1], "checkpoint is truncated"},
		{"a tensor shaped 10^6×10^6", edit(func(e *Checkpoint) { e.Tensors[0].Rows, e.Tensors[0].Cols = 1e6, 1e6 }),
			"checkpoint tensor 0 is embedding (1000000×1000000, 240 bytes), want embedding (12×5)"},
		{"a tensor's bytes claiming 4×10^12", frame(claimLength(t, withBias(Tensor{Bytes: marker}), 4, marker, 4e12)),
			"checkpoint payload does not decode: gob: bad []uint8 slice length: 0"},
		{"a float tensor claiming 10^12 values", frame(claimLength(t, withBias(Tensor{Data: []float32{bias}}), 1, floatMarker, 1e12)),
			"checkpoint payload does not decode: gob: float32 slice too big: 1000000000000 elements of 4 bytes"},
		{"a float tensor claiming 2^28 values", frame(claimLength(t, withBias(Tensor{Data: []float32{bias}}), 1, floatMarker, 1<<28)),
			`checkpoint payload does not decode: value for "element of Data" out of range`},
		{"a vocabulary of 10^12 words", edit(func(e *Checkpoint) { e.Config.Vocab = 1e12 }),
			"checkpoint config: vocabulary size must be between 3 and 4194304, got 1000000000000"},
		{"a payload of 2^40 bytes", append(bytes.Clone(good[:len(Magic)+4]), 0, 0, 1, 0, 0, 0, 0, 0),
			"checkpoint claims a 1099511627776-byte payload, more than the 1073741824 this rnnsent accepts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			_, err := Decode(bytes.NewReader(tt.data))
			took := time.Since(start)
			runtime.ReadMemStats(&after)
			if err == nil || err.Error() != tt.want {
				t.Errorf("got error %v, want %q", err, tt.want)
			}
			if took > time.Second {
				t.Errorf("took %v, want under a second", took)
			}
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 50<<20 {
				t.Errorf("allocated %d MiB, want under 50", grew>>20)
			}
		})
	}
}

func TestOldCheckpointsSayNothingAboutThemselves(t *testing.T) {
	for _, tc := range compatCases {
		f, err := os.Open(filepath.Join("testdata", tc.file))
		if err != nil {
			t.Fatal(err)
		}
		c, err := Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if c.About != nil {
			t.Errorf("%s: About = %q, want none", tc.file, c.About)
		}
	}
}
