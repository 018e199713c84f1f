package train

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/rng"
)

// State is a training run paused between two batches. Together with the
// weights the model had at that moment it is everything Resume needs to go
// on as the run would have: the same batches in the same order, the same
// dropout masks and the same optimizer steps, so the same model bit for bit.
type State struct {
	Options Options

	Epoch int // the epoch under way, from 1
	Batch int // how many of its batches are done
	// Shuffle is the batch-order generator as the epoch began: the epoch's
	// batches are drawn from it again and the first Batch of them skipped,
	// which stores a few bytes instead of the epoch's plan.
	Shuffle []byte
	Dropout []byte // the dropout generator now

	AdamStep     int
	AdamM, AdamV [][]float32 // Adam's moments in model.Params order; nil before the first step
	Average      [][]float32 // the moving average of the weights with Options.Average, in model.Params order; nil before the first step

	// The running totals of the epoch under way.
	LossSum               float64 // per-example losses
	Correct, Seen, Tokens int
	Seconds               float64

	History     []Epoch
	Best        Epoch          // zero until the first epoch ends
	BestWeights []model.Tensor // Best's weights, for the caller to save; nil until the first epoch ends
	SinceBest   int            // epochs since Best
}

// NewState is the state of a run that has not started: Resume from it
// trains from the beginning.
func NewState(opt Options) *State {
	return &State{
		Options: opt,
		Epoch:   1,
		Shuffle: marshalPCG(rng.PCG(opt.Seed, rng.Shuffle)),
		Dropout: marshalPCG(rng.PCG(opt.Seed, rng.Dropout)),
	}
}

// stateFields is State without its methods, so that gob encodes the fields
// rather than calling MarshalBinary again.
type stateFields State

// stateFile is a State as encoded: the optimizer's moments and the weights'
// average as little-endian bytes, which gob copies whole where it would
// encode a float slice value by value (seconds for a large model, while
// an interrupted run waits to exit).
type stateFile struct {
	State                 *stateFields
	AdamM, AdamV, Average [][]byte
}

// MarshalBinary encodes s, for a file to resume from.
func (s *State) MarshalBinary() ([]byte, error) {
	fields := stateFields(*s)
	fields.AdamM, fields.AdamV, fields.Average = nil, nil, nil
	f := stateFile{State: &fields, AdamM: toBytes(s.AdamM), AdamV: toBytes(s.AdamV), Average: toBytes(s.Average)}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// UnmarshalBinary decodes a state that MarshalBinary encoded. Whether it
// fits a model and data is checked by Resume.
func (s *State) UnmarshalBinary(b []byte) error {
	*s = State{}
	f := stateFile{State: (*stateFields)(s)}
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&f); err != nil {
		return err
	}
	var err error
	if s.AdamM, err = fromBytes(f.AdamM); err == nil {
		if s.AdamV, err = fromBytes(f.AdamV); err == nil {
			s.Average, err = fromBytes(f.Average)
		}
	}
	return err
}

func toBytes(vs [][]float32) [][]byte {
	if vs == nil {
		return nil
	}
	out := make([][]byte, len(vs))
	for i, v := range vs {
		b := make([]byte, 4*len(v))
		for j, x := range v {
			binary.LittleEndian.PutUint32(b[4*j:], math.Float32bits(x))
		}
		out[i] = b
	}
	return out
}

func fromBytes(bs [][]byte) ([][]float32, error) {
	if bs == nil {
		return nil, nil
	}
	out := make([][]float32, len(bs))
	for i, b := range bs {
		if len(b)%4 != 0 {
			return nil, fmt.Errorf("a tensor of %d bytes, not whole float32 values", len(b))
		}
		v := make([]float32, len(b)/4)
		for j := range v {
			v[j] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*j:]))
		}
		out[i] = v
	}
	return out, nil
}

// marshalPCG is the state of p; a PCG's encoding cannot fail.
func marshalPCG(p *rand.PCG) []byte {
	b, _ := p.MarshalBinary()
	return b
}

// Check reports the first part of s that cannot belong to a run of m. A
// state may come from a file, so nothing in it is trusted: Resume checks it
// too, and a caller that checks first can tell a bad state from a failed run.
func (s *State) Check(m *model.Model[float32]) error {
	if err := s.check(m.Config(), m.Params()); err != nil {
		return fmt.Errorf("cannot resume from this state: %w", err)
	}
	return nil
}

func (s *State) check(cfg model.Config, params []*model.Param[float32]) error {
	if err := s.Options.Validate(); err != nil {
		return err
	}
	switch {
	case s.Epoch < 1 || s.Epoch > s.Options.Epochs || s.Batch < 0:
		return fmt.Errorf("it stopped at epoch %d, batch %d, outside a run of %d epochs", s.Epoch, s.Batch, s.Options.Epochs)
	case len(s.History) != s.Epoch-1:
		return fmt.Errorf("it holds %d finished epochs at epoch %d", len(s.History), s.Epoch)
	case s.AdamStep < 0 || s.Seen < 0 || s.SinceBest < 0:
		return fmt.Errorf("it holds a negative count")
	case (s.AdamM == nil) != (s.AdamV == nil):
		return fmt.Errorf("it holds one of Adam's moments without the other")
	}
	for _, g := range []struct {
		name  string
		state []byte
	}{{"batch-order", s.Shuffle}, {"dropout", s.Dropout}} {
		if err := new(rand.PCG).UnmarshalBinary(g.state); err != nil {
			return fmt.Errorf("%s generator: %w", g.name, err)
		}
	}
	if err := sameShapes(s.AdamM, params); err != nil {
		return fmt.Errorf("Adam's first moment: %w", err)
	}
	if err := sameShapes(s.AdamV, params); err != nil {
		return fmt.Errorf("Adam's second moment: %w", err)
	}
	if err := sameShapes(s.Average, params); err != nil {
		return fmt.Errorf("the weights' average: %w", err)
	}
	if s.BestWeights != nil {
		if err := cfg.CheckTensors(s.BestWeights); err != nil {
			return fmt.Errorf("best weights: %w", err)
		}
	}
	return nil
}

// sameShapes reports whether moments, unless nil, hold one slice per
// parameter of the parameter's size.
func sameShapes(moments [][]float32, params []*model.Param[float32]) error {
	if moments == nil {
		return nil
	}
	if len(moments) != len(params) {
		return fmt.Errorf("%d tensors for %d parameters", len(moments), len(params))
	}
	for i, p := range params {
		if len(moments[i]) != len(p.W) {
			return fmt.Errorf("%d values for %s, which has %d", len(moments[i]), p.Name, len(p.W))
		}
	}
	return nil
}
