package model

import (
	"bytes"
	"encoding/binary"
	"math"
	"reflect"
	"strings"
	"testing"
	"unsafe"
)

// rawFrame wraps payload in the checkpoint format of RawFormatVersion with a
// valid checksum, as a crafted file would.
func rawFrame(t *testing.T, payload []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := checkpointFormat.Write(&buf, RawFormatVersion, payload); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// rawPayload is the version 3 payload of the header head, which it encodes
// as it is, followed by values.
func rawPayload(t *testing.T, head *Checkpoint, values ...[]byte) []byte {
	t.Helper()
	header := gobPayload(t, head)
	out := binary.LittleEndian.AppendUint32(nil, uint32(len(header)))
	out = pad4(append(out, header...))
	for _, v := range values {
		out = append(out, v...)
	}
	return out
}

// header is c's header as Encode writes it: its tensors without values.
func header(c *Checkpoint) *Checkpoint {
	h := *c
	var heads [][]Tensor
	for _, ts := range c.Networks() {
		var hs []Tensor
		for _, t := range ts {
			hs = append(hs, Tensor{Name: t.Name, Rows: t.Rows, Cols: t.Cols, Half: t.Half})
		}
		heads = append(heads, hs)
	}
	h.SetNetworks(heads)
	return &h
}

// values is every tensor's bytes of c, in file order, each padded.
func values(c *Checkpoint) [][]byte {
	var out [][]byte
	for _, ts := range c.Networks() {
		for _, t := range ts {
			out = append(out, pad4(bytes.Clone(t.Bytes)))
		}
	}
	return out
}

func TestDecodeRawFormat(t *testing.T) {
	cfg := Config{Arch: ArchBOW, Classes: 3, Vocab: 12, Embed: 5, Hidden: 6}
	_, c := testCheckpoint(t, cfg)
	half := *c
	half.Tensors = append([]Tensor(nil), c.Tensors...)
	for i := range half.Tensors {
		half.Tensors[i].ToHalf()
	}
	_, two := testEnsemble(t, cfg, 2)
	vs := values(c)

	withHeader := func(edit func(h *Checkpoint)) []byte {
		h := header(c)
		h.Tensors = append([]Tensor(nil), h.Tensors...)
		edit(h)
		return rawFrame(t, rawPayload(t, h, vs...))
	}
	withPayload := func(edit func(p []byte) []byte) []byte {
		return rawFrame(t, edit(rawPayload(t, header(c), vs...)))
	}
	tests := []struct {
		name string
		data []byte
		want *Checkpoint // nil for an error
		err  string
	}{
		{"one network", rawFrame(t, rawPayload(t, header(c), vs...)), c, ""},
		{"half precision, padded to 4 bytes", rawFrame(t, rawPayload(t, header(&half), values(&half)...)), &half, ""},
		{"an ensemble", rawFrame(t, rawPayload(t, header(two), values(two)...)), two, ""},
		{"a payload of 3 bytes", rawFrame(t, []byte{1, 2, 3}), nil, "checkpoint payload is too short to hold a header"},
		{"a header longer than the payload", withPayload(func(p []byte) []byte {
			binary.LittleEndian.PutUint32(p, uint32(len(p)))
			return p
		}), nil, "checkpoint header claims"},
		{"a header that is not gob", rawFrame(t, []byte{4, 0, 0, 0, 'a', 'b', 'c', 'd'}), nil, "checkpoint header does not decode: "},
		{"values in the header", withHeader(func(h *Checkpoint) { h.Tensors[0].Bytes = c.Tensors[0].Bytes }), nil,
			"checkpoint header holds the values of tensor embedding"},
		{"float values in the header", withHeader(func(h *Checkpoint) { h.Tensors[4].Data = []float32{1} }), nil,
			"checkpoint header holds the values of tensor dense.b"},
		{"the last tensor cut short", withPayload(func(p []byte) []byte { return p[:len(p)-4] }), nil,
			"checkpoint tensor dense.b (1×3) runs past the end of the file"},
		{"a tensor of 10^12×10^12", withHeader(func(h *Checkpoint) { h.Tensors[1].Rows, h.Tensors[1].Cols = 1e12, 1e12 }), nil,
			"checkpoint tensor bow.w (1000000000000×1000000000000) runs past the end of the file"},
		{"a tensor whose size overflows", withHeader(func(h *Checkpoint) { h.Tensors[1].Rows, h.Tensors[1].Cols = 1<<62, 4 }), nil,
			"checkpoint tensor bow.w (4611686018427387904×4) runs past the end of the file"},
		{"a negative shape", withHeader(func(h *Checkpoint) { h.Tensors[0].Rows, h.Tensors[0].Cols = -12, -5 }), nil,
			"checkpoint tensor embedding (-12×-5) runs past the end of the file"},
		{"bytes after the last tensor", withPayload(func(p []byte) []byte { return append(p, 0, 0, 0, 0) }), nil,
			"checkpoint has 4 bytes after its last tensor"},
		{"a shape its config does not have", withHeader(func(h *Checkpoint) { h.Tensors[0].Rows, h.Tensors[0].Cols = 5, 12 }), nil,
			"checkpoint tensor 0 is embedding (5×12, 240 bytes), want embedding (12×5)"},
		{"no tensors", rawFrame(t, rawPayload(t, &Checkpoint{Config: cfg, Vocab: c.Vocab, Labels: c.Labels})), nil,
			"checkpoint has 0 tensors, a bow model has 5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, how := range []struct {
				name   string
				decode func([]byte) (*Checkpoint, error)
			}{
				{"Decode", func(b []byte) (*Checkpoint, error) { return Decode(bytes.NewReader(b)) }},
				{"DecodeBytes", DecodeBytes},
			} {
				got, err := how.decode(tt.data)
				if tt.want == nil {
					if err == nil || !strings.HasPrefix(err.Error(), tt.err) || got != nil {
						t.Errorf("%s: error %v, want one starting %q", how.name, err, tt.err)
					}
					continue
				}
				if err != nil {
					t.Fatalf("%s: %v", how.name, err)
				}
				if !reflect.DeepEqual(got, tt.want) {
					t.Errorf("%s: decoded\n%+v\nwant\n%+v", how.name, got, tt.want)
				}
			}
		})
	}
}

func TestEncodeWritesTheRawFormat(t *testing.T) {
	_, c := testCheckpoint(t, Config{Arch: ArchBOW, Classes: 2, Vocab: 12, Embed: 5, Hidden: 6})
	// The first checkpoints' float slices are written as bytes.
	c.Tensors[4] = Tensor{Name: "dense.b", Rows: 1, Cols: 1, Data: []float32{-1234.5}}
	var buf bytes.Buffer
	if err := c.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	want := *c
	want.Tensors = append([]Tensor(nil), c.Tensors...)
	want.Tensors[4] = Tensor{Name: "dense.b", Rows: 1, Cols: 1, Bytes: binary.LittleEndian.AppendUint32(nil, math.Float32bits(-1234.5))}
	if got := buf.Bytes(); !bytes.Equal(got, rawFrame(t, rawPayload(t, header(&want), values(&want)...))) {
		t.Error("Encode does not write the header and the values laid out as documented")
	}
}

// weightsAt reports whether every weight of network m is the tensor's
// bytes in ts, the same memory.
func weightsAt(m *Model[float32], ts []Tensor) bool {
	for i, p := range m.Params() {
		if unsafe.Pointer(&p.W[0]) != unsafe.Pointer(&ts[i].Bytes[0]) {
			return false
		}
	}
	return true
}

func TestEnsembleUsesTensorBytesInPlace(t *testing.T) {
	if !littleEndian {
		t.Skip("a big-endian machine converts every tensor")
	}
	cfg := Config{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Classes: 2, Vocab: 12, Embed: 5, Hidden: 6}
	m, c := testCheckpoint(t, cfg)
	var buf bytes.Buffer
	if err := c.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := DecodeBytes(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	e, err := EnsembleFromCheckpoint[float32](back)
	if err != nil {
		t.Fatal(err)
	}
	if !weightsAt(e.Members()[0], back.Tensors) {
		t.Error("the ensemble copied weights it could use in place")
	}
	trainable, err := FromCheckpoint[float32](back)
	if err != nil {
		t.Fatal(err)
	}
	if unsafe.Pointer(&trainable.Params()[0].W[0]) == unsafe.Pointer(&back.Tensors[0].Bytes[0]) {
		t.Error("FromCheckpoint shares the checkpoint's bytes; training would change them")
	}

	// Bytes a float32 may not start at are copied, to the same values.
	odd := make([]byte, len(back.Tensors[1].Bytes)+1)[1:]
	copy(odd, back.Tensors[1].Bytes)
	back.Tensors[1].Bytes = odd
	e, err = EnsembleFromCheckpoint[float32](back)
	if err != nil {
		t.Fatal(err)
	}
	if unsafe.Pointer(&e.Members()[0].Params()[1].W[0]) == unsafe.Pointer(&odd[0]) {
		t.Error("the ensemble uses bytes not aligned for a float32 in place")
	}
	seqs := [][]int{{2, 3, 4}, {11, 1, 5, 6}}
	want, _ := m.Predict(seqs)
	got, _ := e.Predict(seqs)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("predicts %v from misaligned bytes, %v before", got, want)
	}
}

func TestNonFiniteWeightIsAnError(t *testing.T) {
	_, c := testCheckpoint(t, Config{Arch: ArchBOW, Classes: 2, Vocab: 12, Embed: 5, Hidden: 6})
	c.Tensors[2].Bytes = bytes.Repeat(binary.LittleEndian.AppendUint32(nil, math.Float32bits(float32(math.Inf(1)))), 6)
	for _, share := range []bool{false, true} {
		_, err := fromTensors[float32](c.Config, lexicon{}, c.Tensors, share)
		if want := "checkpoint tensor bow.b holds a non-finite value"; err == nil || err.Error() != want {
			t.Errorf("share %v: error %v, want %q", share, err, want)
		}
	}
}
