package model

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"math"
)

// A checkpoint file is the magic string, the format version (uint32, big
// endian), the payload length (uint64), the gob-encoded Checkpoint, and the
// SHA-256 of the payload. The length and checksum let a loader tell a
// truncated or damaged file from a foreign one before it decodes anything.
const (
	magic         = "RNNSENT\x00"
	FormatVersion = 1
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
	Tensors          []Tensor
	Record           Record
}

// Tensor is one parameter tensor as stored.
type Tensor struct {
	Name       string
	Rows, Cols int
	Data       []float32 // (Rows, Cols)
}

// Record says how a model was trained.
type Record struct {
	DataFile        string
	DataSHA256      string
	DevFile         string // empty when validation was split off the training data
	Seed            uint64
	Epochs          int // epochs run
	BestEpoch       int
	BestValAccuracy float64
	Created         string // RFC 3339
	Args            []string
}

// Tensors copies the model's parameters into their stored form.
func (m *Model[T]) Tensors() []Tensor {
	out := make([]Tensor, len(m.params))
	for i, p := range m.params {
		data := make([]float32, len(p.W))
		for j, v := range p.W {
			data[j] = float32(v)
		}
		out[i] = Tensor{Name: p.Name, Rows: p.Rows, Cols: p.Cols, Data: data}
	}
	return out
}

// FromCheckpoint builds the model a checkpoint holds.
func FromCheckpoint[T Float](c *Checkpoint) (*Model[T], error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	m, err := build[T](c.Config)
	if err != nil {
		return nil, err
	}
	for i, p := range m.params {
		for j, v := range c.Tensors[i].Data {
			p.W[j] = T(v)
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
	want := c.Config.shapes()
	if len(c.Tensors) != len(want) {
		return fmt.Errorf("checkpoint has %d tensors, a %s model has %d", len(c.Tensors), c.Config.Arch, len(want))
	}
	for i, s := range want {
		t := c.Tensors[i]
		if t.Name != s.Name || t.Rows != s.Rows || t.Cols != s.Cols || len(t.Data) != s.Rows*s.Cols {
			return fmt.Errorf("checkpoint tensor %d is %s (%d×%d, %d values), want %s (%d×%d)",
				i, t.Name, t.Rows, t.Cols, len(t.Data), s.Name, s.Rows, s.Cols)
		}
		for _, v := range t.Data {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				return fmt.Errorf("checkpoint tensor %s holds a non-finite value", t.Name)
			}
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
	var head [len(magic) + 12]byte
	copy(head[:], magic)
	binary.BigEndian.PutUint32(head[len(magic):], FormatVersion)
	binary.BigEndian.PutUint64(head[len(magic)+4:], uint64(payload.Len()))
	sum := sha256.Sum256(payload.Bytes())
	bw := bufio.NewWriter(w)
	bw.Write(head[:])
	bw.Write(payload.Bytes())
	bw.Write(sum[:])
	return bw.Flush()
}

// Decode reads a checkpoint from r and checks it whole: magic, version,
// length, checksum, and that every tensor fits the config. A damaged file
// gives an error, never a panic, and the bytes it claims are only allocated
// as they actually arrive.
func Decode(r io.Reader) (*Checkpoint, error) {
	var head [len(magic) + 12]byte
	n, err := io.ReadFull(r, head[:])
	if n < len(magic) || string(head[:len(magic)]) != magic {
		if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
			return nil, err
		}
		return nil, ErrNotCheckpoint
	}
	if err != nil {
		return nil, errors.New("checkpoint is truncated")
	}
	if v := binary.BigEndian.Uint32(head[len(magic):]); v != FormatVersion {
		return nil, fmt.Errorf("checkpoint format version %d; this rnnsent reads version %d", v, FormatVersion)
	}
	size := binary.BigEndian.Uint64(head[len(magic)+4:])
	if size > maxPayload {
		return nil, fmt.Errorf("checkpoint claims a %d-byte payload, more than the %d this rnnsent accepts", size, maxPayload)
	}
	var payload bytes.Buffer
	if _, err := io.CopyN(&payload, r, int64(size)); err != nil {
		if err == io.EOF {
			return nil, errors.New("checkpoint is truncated")
		}
		return nil, err
	}
	var sum [sha256.Size]byte
	if _, err := io.ReadFull(r, sum[:]); err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil, errors.New("checkpoint is truncated")
		}
		return nil, err
	}
	if sha256.Sum256(payload.Bytes()) != sum {
		return nil, errors.New("checkpoint is corrupted: its checksum does not match its contents")
	}
	if n, _ := r.Read(make([]byte, 1)); n > 0 {
		return nil, errors.New("checkpoint has unexpected data after its checksum")
	}
	var c Checkpoint
	if err := gob.NewDecoder(&payload).Decode(&c); err != nil {
		return nil, fmt.Errorf("checkpoint payload does not decode: %w", err)
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	return &c, nil
}
