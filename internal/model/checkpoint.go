package model

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sync"
	"unsafe"

	"github.com/rnnsent/rnnsent/internal/framed"
)

// A checkpoint file is a framed payload (see package framed): the magic
// string, the format version, and the checkpoint.
const (
	// Magic begins every model file.
	Magic = framed.ModelMagic
	// FormatVersion is the version of the first checkpoints, of one
	// network: a gob-encoded Checkpoint ending in a SHA-256.
	FormatVersion = 1
	// EnsembleFormatVersion is FormatVersion for several networks. Gob
	// skips fields a reader does not know, so without a version of its own
	// an rnnsent from before ensembles would load such a file as its first
	// network alone; with it, it refuses the file.
	EnsembleFormatVersion = 2
	// RawFormatVersion is the version rnnsent writes, of one network or
	// several: the gob holds everything but the weights, which follow it as
	// raw bytes (see Encode), and a CRC-32 ends the file. Loading a model
	// then takes one read, and a float32 network uses the bytes read as its
	// weights where versions 1 and 2 took a copy through gob, a decoding
	// pass and a second copy: together with the SHA-256, most of the time
	// of a prediction.
	RawFormatVersion = 3
	// MaxPayload bounds what a loader will read: far above any real model
	// (a 2500×256 embedding with LSTM(200) is about 4 MB).
	MaxPayload = 1 << 30
)

var checkpointFormat = framed.Format{Magic: Magic, What: "checkpoint", MaxPayload: MaxPayload, Checksum: checksum}

// FileFormat is the envelope of a model file, for a reader that looks into
// one without decoding it as a model: the resume file of an earlier rnnsent
// was a model file.
func FileFormat() framed.Format { return checkpointFormat }

func checksum(version uint32) (framed.Checksum, error) {
	switch version {
	case FormatVersion, EnsembleFormatVersion:
		return framed.SHA256, nil
	case RawFormatVersion:
		return framed.CRC32, nil
	}
	return 0, fmt.Errorf("checkpoint format version %d; this rnnsent reads versions %d to %d", version, FormatVersion, RawFormatVersion)
}

// ErrNotCheckpoint is returned for a file that does not start like a checkpoint.
var ErrNotCheckpoint = errors.New("not an rnnsent checkpoint")

// Checkpoint is everything needed to rebuild a model and feed it text.
type Checkpoint struct {
	Config           Config
	TokenizerVersion int
	MaxLen           int      // the longest sequence the model reads; longer texts keep their end
	Vocab            []string // id order; 0 is padding, 1 out-of-vocabulary
	Labels           []string // class order: class i is Labels[i]
	Tensors          []Tensor // the network, or an ensemble's first one
	// Members are the networks of an ensemble after the first, each in
	// the layout of Tensors; nil for a single network.
	Members [][]Tensor
	// About says how the model was made, as JSON, for people and for
	// servers that show it; the model never reads it. Files from before
	// it have none (they held a training record that loading now skips).
	About []byte
}

// Networks returns the tensors of every network c holds, Tensors first;
// none while Tensors is nil.
func (c *Checkpoint) Networks() [][]Tensor {
	if c.Tensors == nil {
		return nil
	}
	return append([][]Tensor{c.Tensors}, c.Members...)
}

// SetNetworks makes c hold the networks ns, the first as Tensors.
func (c *Checkpoint) SetNetworks(ns [][]Tensor) {
	c.Tensors, c.Members = nil, nil
	if len(ns) > 0 {
		c.Tensors = ns[0]
	}
	if len(ns) > 1 {
		c.Members = ns[1:]
	}
}

// Tensor is one parameter tensor as stored. Its Rows×Cols values are
// little-endian bytes, float32 or, when Half is set, IEEE 754 half precision:
// bytes that a float32 network can use as they are, where the float slices
// of the first checkpoints had to be decoded value by value.
type Tensor struct {
	Name       string
	Rows, Cols int
	Bytes      []byte
	Half       bool
	Data       []float32 // how the first checkpoints held the values; read, never written
}

func (t *Tensor) width() int {
	if t.Half {
		return 2
	}
	return 4
}

// stored reports whether the tensor holds exactly Rows×Cols values.
func (t *Tensor) stored() bool {
	n := t.Rows * t.Cols
	if t.Data != nil {
		return len(t.Data) == n && t.Bytes == nil
	}
	return len(t.Bytes) == n*t.width()
}

// decode writes the tensor's Rows×Cols values into dst, one loop per
// encoding: a loading model decodes every weight, and choosing the encoding
// per value took a tenth of a whole prediction.
func (t *Tensor) decode(dst []float32) {
	switch {
	case t.Data != nil:
		copy(dst, t.Data)
	case t.Half:
		b, float := t.Bytes[:2*len(dst)], halfFloats()
		for i := range dst {
			dst[i] = float[binary.LittleEndian.Uint16(b[2*i:])]
		}
	default:
		b := t.Bytes[:4*len(dst)]
		for i := range dst {
			dst[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
		}
	}
}

// halfFloats maps every half-precision bit pattern to its float32: looking
// the built-in model's million weights up is several times faster than
// converting each with halfToFloat, and filling the table costs a fraction
// of a millisecond, once.
var halfFloats = sync.OnceValue(func() *[1 << 16]float32 {
	var float [1 << 16]float32
	for h := range float {
		float[h] = halfToFloat(uint16(h))
	}
	return &float
})

// ToHalf stores the tensor in half precision, halving its size; the built-in
// model ships this way.
func (t *Tensor) ToHalf() {
	if t.Half {
		return
	}
	values := make([]float32, t.Rows*t.Cols)
	t.decode(values)
	half := make([]byte, 2*len(values))
	for i, v := range values {
		binary.LittleEndian.PutUint16(half[2*i:], floatToHalf(v))
	}
	t.Bytes, t.Data, t.Half = half, nil, true
}

// raw returns the tensor's values as a version 3 file holds them, and
// whether they are half precision.
func (t *Tensor) raw() ([]byte, bool) {
	if t.Data != nil {
		return appendFloats(nil, t.Data), false
	}
	return t.Bytes, t.Half
}

// appendFloats appends vs to dst as little-endian float32s.
func appendFloats[T Float](dst []byte, vs []T) []byte {
	for _, v := range vs {
		dst = binary.LittleEndian.AppendUint32(dst, math.Float32bits(float32(v)))
	}
	return dst
}

// littleEndian is whether this machine stores a float32 as a checkpoint
// does, so that a network can use a tensor's bytes as its weights.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// inPlace returns the tensor's values as a []T that uses its bytes, or nil
// where they must be converted: for a float64 network, half precision, the
// float slices of the first checkpoints, a big-endian machine, or bytes not
// aligned for a float32.
func inPlace[T Float](t *Tensor) []T {
	if _, float32s := any(T(0)).(float32); !float32s || t.Half || t.Data != nil || !littleEndian || len(t.Bytes) == 0 {
		return nil
	}
	p := unsafe.Pointer(unsafe.SliceData(t.Bytes))
	if uintptr(p)%unsafe.Alignof(float32(0)) != 0 {
		return nil
	}
	return unsafe.Slice((*T)(p), len(t.Bytes)/4)
}

// Tensors copies the model's parameters into their stored form.
func (m *Model[T]) Tensors() []Tensor {
	out := make([]Tensor, len(m.params))
	for i, p := range m.params {
		out[i] = Tensor{Name: p.Name, Rows: p.Rows, Cols: p.Cols, Bytes: appendFloats(make([]byte, 0, 4*len(p.W)), p.W)}
	}
	return out
}

// FromCheckpoint builds the first network a checkpoint holds: the model,
// or an ensemble's first member. Its weights are a copy of c's, free to
// train.
func FromCheckpoint[T Float](c *Checkpoint) (*Model[T], error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	words, err := readWords(c.Config, c.Vocab)
	if err != nil {
		return nil, err
	}
	return fromTensors[T](c.Config, words, c.Tensors, false)
}

// EnsembleFromCheckpoint builds every network a checkpoint holds, as an
// ensemble: of one network for a checkpoint of one. To load fast, its
// float32 networks use c's tensor bytes as their weights where they can
// rather than copy them: while the ensemble is in use, c's tensors must not
// change, and the ensemble's weights must not change either (it is for
// prediction; FromCheckpoint gives a network to train).
func EnsembleFromCheckpoint[T Float](c *Checkpoint) (*Ensemble[T], error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	words, err := readWords(c.Config, c.Vocab)
	if err != nil {
		return nil, err
	}
	var members []*Model[T]
	for i, ts := range c.Networks() {
		m, err := fromTensors[T](c.Config, words, ts, true)
		if err != nil {
			if i > 0 {
				err = fmt.Errorf("ensemble member %d: %w", i+1, err)
			}
			return nil, err
		}
		members = append(members, m)
	}
	return NewEnsemble(members...)
}

// fromTensors builds a network of cfg, which reads its vocabulary's words
// as words says (see readWords), with the weights ts, which Config.CheckTensors has
// accepted; with share, using their bytes where it can (see inPlace).
func fromTensors[T Float](cfg Config, words lexicon, ts []Tensor, share bool) (*Model[T], error) {
	var shared [][]T
	if share {
		shared = make([][]T, len(ts))
		for i := range ts {
			shared[i] = inPlace[T](&ts[i])
		}
	}
	m, err := build(cfg, shared)
	if err != nil {
		return nil, err
	}
	var scratch []float32 // for a float64 network
	for i, p := range m.params {
		values, direct := any(p.W).([]float32)
		if !direct {
			scratch = grow(scratch, len(p.W))
			values = scratch
		}
		if shared == nil || shared[i] == nil {
			ts[i].decode(values)
		}
		if !finite(values) {
			return nil, fmt.Errorf("checkpoint tensor %s holds a non-finite value", ts[i].Name)
		}
		if !direct {
			for j, v := range values {
				p.W[j] = T(v)
			}
		}
	}
	m.words = words
	return m, nil
}

// finite reports whether no value of vs is NaN or ±Inf, the floats whose
// exponent bits are all set. With the sign bit cleared, adding 1 to such an
// exponent carries into the sign bit, so that it takes no branch per value
// and can test 8 at a time, 2 to a uint64: a million weights took a
// millisecond and a half with a comparison each, a fifth of that so.
func finite(vs []float32) bool {
	b := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(vs))), 4*len(vs))
	const exp, one, sign = 0x7f800000_7f800000, 0x00800000_00800000, 0x80000000_80000000
	var a0, a1, a2, a3 uint64
	for ; len(b) >= 32; b = b[32:] {
		a0 |= binary.NativeEndian.Uint64(b)&exp + one
		a1 |= binary.NativeEndian.Uint64(b[8:])&exp + one
		a2 |= binary.NativeEndian.Uint64(b[16:])&exp + one
		a3 |= binary.NativeEndian.Uint64(b[24:])&exp + one
	}
	for ; len(b) >= 4; b = b[4:] {
		a0 |= uint64(binary.NativeEndian.Uint32(b))&exp + one
	}
	return (a0|a1|a2|a3)&sign == 0
}

// validate checks that the parts of c agree with each other and with its
// config, before anything is built from it.
func (c *Checkpoint) validate() error {
	if err := c.Config.Validate(); err != nil {
		return fmt.Errorf("checkpoint config: %w", err)
	}
	if len(c.Vocab) != c.Config.Vocab {
		return fmt.Errorf("checkpoint has %d vocabulary words, its config says %d", len(c.Vocab), c.Config.Vocab)
	}
	if len(c.Labels) != c.Config.Classes {
		return fmt.Errorf("checkpoint has %d labels, its config says %d classes", len(c.Labels), c.Config.Classes)
	}
	if err := c.Config.CheckTensors(c.Tensors); err != nil {
		return err
	}
	for i, ts := range c.Members {
		if err := c.Config.CheckTensors(ts); err != nil {
			return fmt.Errorf("ensemble member %d: %w", i+2, err)
		}
	}
	return nil
}

// CheckTensors reports the first of ts that is not the parameter tensor of
// c's network at its place, by name and shape, holding all its values.
func (c Config) CheckTensors(ts []Tensor) error {
	want := c.shapes()
	if len(ts) != len(want) {
		return fmt.Errorf("checkpoint has %d tensors, a %s model has %d", len(ts), c.Arch, len(want))
	}
	for i, s := range want {
		t := &ts[i]
		if t.Name != s.Name || t.Rows != s.Rows || t.Cols != s.Cols || !t.stored() {
			return fmt.Errorf("checkpoint tensor %d is %s (%d×%d, %d bytes), want %s (%d×%d)",
				i, t.Name, t.Rows, t.Cols, len(t.Bytes)+4*len(t.Data), s.Name, s.Rows, s.Cols)
		}
	}
	return nil
}

// Encode writes c to w in the checkpoint format of RawFormatVersion. Its
// payload is the length of a header (uint32, little endian), the header,
// which is c gob-encoded without its tensors' values, and from the next
// multiple of 4 bytes on the values of every network's tensors in order,
// each padded with zeros to a multiple of 4 bytes, so that every float32
// tensor starts where a float32 may.
func (c *Checkpoint) Encode(w io.Writer) error {
	if err := c.validate(); err != nil {
		return err
	}
	nets := c.Networks()
	heads := make([][]Tensor, len(nets))
	var values [][]byte
	size := 3 // the header's padding
	for i, ts := range nets {
		heads[i] = make([]Tensor, len(ts))
		for j, t := range ts {
			b, half := t.raw()
			heads[i][j] = Tensor{Name: t.Name, Rows: t.Rows, Cols: t.Cols, Half: half}
			values = append(values, b)
			size += len(b) + 3
		}
	}
	head := *c
	head.SetNetworks(heads)
	payload := bytes.NewBuffer(make([]byte, 4))
	if err := gob.NewEncoder(payload).Encode(&head); err != nil {
		return fmt.Errorf("encoding checkpoint: %w", err)
	}
	out := slices.Grow(payload.Bytes(), size)
	binary.LittleEndian.PutUint32(out, uint32(len(out)-4))
	out = pad4(out)
	for _, b := range values {
		out = pad4(append(out, b...))
	}
	return checkpointFormat.Write(w, RawFormatVersion, out)
}

// pad4 pads b with zeros to a multiple of 4 bytes.
func pad4(b []byte) []byte {
	return append(b, make([]byte, -len(b)&3)...)
}

// Decode reads a checkpoint from r and checks it whole: Magic, version,
// length, checksum, and that every tensor fits the config. A damaged file
// gives an error, never a panic.
func Decode(r io.Reader) (*Checkpoint, error) {
	return decode(checkpointFormat.Read(r))
}

// DecodeBytes is Decode for a checkpoint file already in memory, all of
// data. The checkpoint's tensors hold parts of data, not copies: data must
// not change while they are in use.
func DecodeBytes(data []byte) (*Checkpoint, error) {
	return decode(checkpointFormat.Parse(data))
}

// decode decodes the payload of a frame of version v that framed.Format
// Read or Parse returned with err.
func decode(v uint32, payload []byte, err error) (*Checkpoint, error) {
	if errors.Is(err, framed.ErrForeign) {
		return nil, ErrNotCheckpoint
	}
	if err != nil {
		return nil, err
	}
	var c Checkpoint
	if v == RawFormatVersion {
		err = c.decodeRaw(payload)
	} else if err = gob.NewDecoder(bytes.NewReader(payload)).Decode(&c); err != nil {
		err = fmt.Errorf("checkpoint payload does not decode: %w", err)
	}
	if err != nil {
		return nil, err
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	switch n := len(c.Networks()); {
	case v == EnsembleFormatVersion && n == 1:
		return nil, fmt.Errorf("checkpoint format version %d is for ensembles, but the file holds one network", v)
	case v == FormatVersion && n > 1:
		return nil, fmt.Errorf("checkpoint format version %d is for one network, but the file holds %d", v, n)
	}
	return &c, nil
}

// decodeRaw decodes the payload of a checkpoint of RawFormatVersion (see
// Encode) into c, whose tensors then hold parts of payload.
func (c *Checkpoint) decodeRaw(payload []byte) error {
	if len(payload) < 4 {
		return errors.New("checkpoint payload is too short to hold a header")
	}
	size := binary.LittleEndian.Uint32(payload)
	if uint64(size) > uint64(len(payload)-4) {
		return fmt.Errorf("checkpoint header claims %d bytes, more than its payload holds", size)
	}
	if err := gob.NewDecoder(bytes.NewReader(payload[4 : 4+size])).Decode(c); err != nil {
		return fmt.Errorf("checkpoint header does not decode: %w", err)
	}
	values := payload[min(len(payload), 4+int(size)+(-int(size)&3)):]
	for _, ts := range c.Networks() {
		for i := range ts {
			t := &ts[i]
			if t.Bytes != nil || t.Data != nil {
				return fmt.Errorf("checkpoint header holds the values of tensor %s", t.Name)
			}
			// Rows×Cols only once it is known to fit: a crafted header
			// may claim sizes whose product overflows.
			fits := t.Rows >= 0 && t.Cols >= 0 && (t.Rows == 0 || t.Cols <= len(values)/t.width()/t.Rows)
			n := 0
			if fits {
				n = t.Rows * t.Cols * t.width()
			}
			padded := n + -n&3
			if !fits || padded > len(values) {
				return fmt.Errorf("checkpoint tensor %s (%d×%d) runs past the end of the file", t.Name, t.Rows, t.Cols)
			}
			t.Bytes, values = values[:n:n], values[padded:]
		}
	}
	if len(values) > 0 {
		return fmt.Errorf("checkpoint has %d bytes after its last tensor", len(values))
	}
	return nil
}
