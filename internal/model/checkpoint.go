package model

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"

	"github.com/rnnsent/rnnsent/internal/framed"
)

// A checkpoint file is a framed payload (see package framed): the magic
// string, the format version, and the gob-encoded Checkpoint.
const (
	magic = "RNNSENT\x00"
	// FormatVersion is the version of a checkpoint of one network, which
	// every rnnsent reads.
	FormatVersion = 1
	// EnsembleFormatVersion is the version of a checkpoint of several
	// networks. Gob skips fields a reader does not know, so without a
	// version of its own an rnnsent from before ensembles would load such a
	// file as its first network alone; with it, it refuses the file.
	EnsembleFormatVersion = 2
	// maxPayload bounds what a loader will read: far above any real model
	// (a 2500×128 embedding with LSTM(200) is about 3 MB).
	maxPayload = 1 << 30
)

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

// version is the format version c is written with: the older one whenever
// it can hold c, so that a single network stays readable everywhere.
func (c *Checkpoint) version() uint32 {
	if len(c.Members) > 0 {
		return EnsembleFormatVersion
	}
	return FormatVersion
}

// Tensor is one parameter tensor as stored. Its Rows×Cols values are
// little-endian bytes, float32 or, when Half is set, IEEE 754 half precision:
// gob moves a byte slice in one copy where it decodes a float slice value by
// value, which made loading a model slower than the rest of a prediction.
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

// Tensors copies the model's parameters into their stored form.
func (m *Model[T]) Tensors() []Tensor {
	out := make([]Tensor, len(m.params))
	for i, p := range m.params {
		data := make([]byte, 4*len(p.W))
		for j, v := range p.W {
			binary.LittleEndian.PutUint32(data[4*j:], math.Float32bits(float32(v)))
		}
		out[i] = Tensor{Name: p.Name, Rows: p.Rows, Cols: p.Cols, Bytes: data}
	}
	return out
}

// FromCheckpoint builds the first network a checkpoint holds: the model,
// or an ensemble's first member.
func FromCheckpoint[T Float](c *Checkpoint) (*Model[T], error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	return fromTensors[T](c.Config, c.Tensors)
}

// EnsembleFromCheckpoint builds every network a checkpoint holds, as an
// ensemble: of one network for a checkpoint of one.
func EnsembleFromCheckpoint[T Float](c *Checkpoint) (*Ensemble[T], error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	var members []*Model[T]
	for i, ts := range c.Networks() {
		m, err := fromTensors[T](c.Config, ts)
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

// fromTensors builds a network of cfg with the weights ts, which
// Config.CheckTensors has accepted.
func fromTensors[T Float](cfg Config, ts []Tensor) (*Model[T], error) {
	m, err := build[T](cfg, nil)
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
		ts[i].decode(values)
		for j, v := range values {
			if v-v != 0 { // NaN or ±Inf
				return nil, fmt.Errorf("checkpoint tensor %s holds a non-finite value", ts[i].Name)
			}
			if !direct {
				p.W[j] = T(v)
			}
		}
	}
	return m, nil
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

// Encode writes c to w in the checkpoint format.
func (c *Checkpoint) Encode(w io.Writer) error {
	if err := c.validate(); err != nil {
		return err
	}
	var payload bytes.Buffer
	if err := gob.NewEncoder(&payload).Encode(c); err != nil {
		return fmt.Errorf("encoding checkpoint: %w", err)
	}
	return framed.Write(w, magic, c.version(), payload.Bytes())
}

// Decode reads a checkpoint from r and checks it whole: magic, version,
// length, checksum, and that every tensor fits the config. A damaged file
// gives an error, never a panic.
func Decode(r io.Reader) (*Checkpoint, error) {
	v, payload, err := framed.Read(r, magic, "checkpoint", maxPayload)
	if errors.Is(err, framed.ErrForeign) {
		return nil, ErrNotCheckpoint
	}
	if err != nil {
		return nil, err
	}
	if v != FormatVersion && v != EnsembleFormatVersion {
		return nil, fmt.Errorf("checkpoint format version %d; this rnnsent reads versions %d and %d", v, FormatVersion, EnsembleFormatVersion)
	}
	var c Checkpoint
	if err := gob.NewDecoder(bytes.NewReader(payload)).Decode(&c); err != nil {
		return nil, fmt.Errorf("checkpoint payload does not decode: %w", err)
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
