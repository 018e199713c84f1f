package inspect

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/rnnsent/rnnsent/internal/dataset"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/rng"
	"github.com/rnnsent/rnnsent/internal/train"
)

// The task's vocabulary: a text starts with one of two keys, whose id is
// its label, and goes on with fillers drawn at random, which say nothing.
const (
	keys    = 2
	fillers = 8
)

// Task returns n texts of the long-distance task, drawn from r: a key, then
// distance fillers. Only the key decides the label, so a network must carry
// it past every filler to the end, where its answer is read.
func Task(n, distance int, r *rand.Rand) dataset.Set {
	s := dataset.Set{Seqs: make([][]int, n), Labels: make([]int, n)}
	for i := range n {
		seq := make([]int, distance+1)
		seq[0] = r.IntN(keys)
		for t := 1; t <= distance; t++ {
			seq[t] = keys + r.IntN(fillers)
		}
		s.Seqs[i], s.Labels[i] = seq, seq[0]
	}
	return s
}

// MaxDistance is the longest distance an experiment runs at. The task's
// texts are all drawn before training, so memory and time grow with the
// distance: 1000 took 250 MB and 13 s for the simple RNN on two cores, and a
// distance of 10^5 would have taken 18 GB.
const MaxDistance = 1000

// Experiment is how each cell is trained on the task and measured.
type Experiment struct {
	Distance      int    // fillers after the key
	Seed          uint64 // the texts, the initial weights and the batch order
	Embed, Hidden int
	// EmbedScale, when not 0, is the standard deviation of the initial
	// embeddings, drawn from a normal distribution as PyTorch's are.
	EmbedScale float64
	// Chrono starts the gated cells with the chrono initialisation of
	// their gate biases (Tallec and Ollivier, 2018), for memories as long
	// as the distance: see chrono.
	Chrono           bool
	Train, Val, Test int // texts to train on, to validate on (train.Run needs some), to measure on
	Epochs           int
	BatchSize        int
	LR, Clip         float64
}

// Default is the experiment of "rnnsent inspect gradients": a few seconds a
// cell on two cores. docs/inspect.md says how its settings were chosen.
//
// Each training text is seen once: from texts seen again and again a
// network can learn their fillers by heart, which lowers its training loss
// without the key, and a simple RNN did, stretching its memory on the way,
// so that its gradient after training said more about the fillers it had
// learned than about the key it had not.
func Default(distance int, seed uint64) Experiment {
	return Experiment{Distance: distance, Seed: seed, Embed: 32, Hidden: 32, EmbedScale: 1, Chrono: true,
		Train: 20000, Val: 200, Test: 200, Epochs: 1, BatchSize: 32, LR: 0.005, Clip: 1}
}

// Result is what a cell learned of the task.
type Result struct {
	Cell     string
	Distance int
	Accuracy float64 // on the test texts
	// Initial and Norms measure the gradient on the test texts (StateNorms,
	// averaged) before and after training.
	Initial, Norms Norms
}

// Norms are relative gradient norms by distance from the last token:
// Memory[d] belongs to the state d tokens before the last, over that of the
// last state, so Memory[0] is 1.
type Norms struct {
	State  string    // the state that carries what the cell remembers: "h", or the LSTM's "c"
	Memory []float64 // of State
	Hidden []float64 // of h, for the LSTM; nil for the other cells, where it is Memory
}

// Results are what an experiment found, one result per cell.
type Results struct {
	Experiment
	Cells []Result
}

// RunCells runs x on each of cells in turn and calls done, if not nil,
// with each cell's result as soon as it is there. An interrupt, ctx's end,
// ends it with an error that names the cell in training.
func (x Experiment) RunCells(ctx context.Context, cells []string, done func(Result) error) (Results, error) {
	rs := Results{Experiment: x}
	for _, cell := range cells {
		r, err := x.Run(ctx, cell)
		if errors.Is(err, context.Canceled) {
			return rs, fmt.Errorf("interrupted while training the %s", cell)
		}
		if err != nil {
			return rs, err
		}
		rs.Cells = append(rs.Cells, r)
		if done != nil {
			if err := done(r); err != nil {
				return rs, err
			}
		}
	}
	return rs, nil
}

// Run trains a network of cell on the task and measures it. It returns
// ctx's error if ctx ends first.
func (x Experiment) Run(ctx context.Context, cell string) (Result, error) {
	if x.Distance < 1 || x.Distance > MaxDistance {
		return Result{}, fmt.Errorf("the distance must be between 1 and %d, got %d", MaxDistance, x.Distance)
	}
	cfg := model.Config{Arch: model.ArchRecurrent, Cell: cell, Vocab: keys + fillers, Embed: x.Embed,
		Hidden: x.Hidden, Layers: 1, Classes: keys}
	weights := rng.New(x.Seed, rng.Init)
	m, err := model.New[float32](cfg, nil, weights)
	if err != nil {
		return Result{}, err
	}
	if x.EmbedScale != 0 {
		// Keras's embeddings, which model.New draws, are so small that
		// the tokens hardly move the state: a simple RNN then stays in the
		// linear middle of tanh, where its orthogonal recurrent weights
		// carry the gradient as far as it likes. Words that move the state
		// as PyTorch's embeddings do are what the lesson is about.
		emb := m.Params()[0]
		for i := range emb.W {
			emb.W[i] = float32(x.EmbedScale * weights.NormFloat64())
		}
	}
	if x.Chrono {
		chrono(m, x.Distance, weights)
	}
	texts := rng.New(x.Seed, rng.Synthetic)
	trainSet, valSet, testSet := Task(x.Train, x.Distance, texts), Task(x.Val, x.Distance, texts), Task(x.Test, x.Distance, texts)
	opt := train.Options{Epochs: x.Epochs, BatchSize: x.BatchSize, LR: x.LR, Clip: x.Clip, Seed: x.Seed}
	initial, err := meanNorms(m, testSet)
	if err != nil {
		return Result{}, err
	}
	// The weights are measured as the last epoch leaves them, so that the
	// validation texts choose nothing.
	if _, err := train.Run(ctx, m, trainSet, valSet, opt, train.Hooks{}); err != nil {
		return Result{}, err
	}
	score, err := train.Evaluate(m, testSet, keys, opt.ValidationBatch())
	if err != nil {
		return Result{}, err
	}
	res := Result{Cell: cell, Distance: x.Distance, Accuracy: score.Accuracy, Initial: initial}
	res.Norms, err = meanNorms(m, testSet)
	return res, err
}

// chrono sets the biases of the gates that decide what a gated cell keeps
// as Tallec and Ollivier's chrono initialisation does for memories of up to
// distance+1 steps: for each unit, b = log(u), u drawn uniformly from
// [1, distance], for the gate that keeps (the LSTM's forget gate, the GRU's
// update gate, both block 1), and −b for the LSTM's input gate (block 0).
// A unit then starts keeping a share u/(1+u) of its memory at each step, so
// that the cell starts with memories spread from one step to the distance.
// model.New's biases, Keras's, keep a half (the GRU) or 0.73 (the LSTM) a
// step: memories of a step or three, from which whether a network found a
// key 30 steps back before it learned to ignore the fillers was chance.
// A simple RNN has no gate to set.
func chrono(m *model.Model[float32], distance int, r *rand.Rand) {
	cfg := m.Config()
	if cfg.Cell == model.CellRNN {
		return
	}
	H := cfg.Hidden
	for _, p := range m.Params() {
		if p.Name != "l0.fwd.bx" {
			continue
		}
		for j := range H {
			b := math.Log(1 + r.Float64()*float64(distance-1))
			p.W[H+j] = float32(b)
			if cfg.Cell == model.CellLSTM {
				p.W[j] = float32(-b)
			}
		}
	}
}

// meanNorms averages the state-gradient norms of m on the texts of s.
func meanNorms(m *model.Model[float32], s dataset.Set) (Norms, error) {
	var mean Norms
	counted := 0
	for i, seq := range s.Seqs {
		n, err := StateNorms(m, seq, s.Labels[i])
		if err != nil {
			// A text the network is certain of sends back no gradient at
			// all, against which to measure.
			continue
		}
		if counted == 0 {
			mean = n
		} else {
			addTo(mean.Memory, n.Memory)
			addTo(mean.Hidden, n.Hidden)
		}
		counted++
	}
	if counted == 0 {
		return Norms{}, fmt.Errorf("%s: no test text sends back a gradient", m.Config().Cell)
	}
	scale(mean.Memory, 1/float64(counted))
	scale(mean.Hidden, 1/float64(counted))
	return mean, nil
}

func addTo(dst, src []float64) {
	for i, v := range src {
		dst[i] += v
	}
}

// StateNorms measures the gradient of m's loss on seq, labelled label,
// with respect to the states of the forward direction of its top layer
// (model.StateGradients).
func StateNorms[T model.Float](m *model.Model[T], seq []int, label int) (Norms, error) {
	h, c, err := m.StateGradients(seq, label)
	if err != nil {
		return Norms{}, err
	}
	hn, err := relativeNorms(h[len(h)-1], len(seq), m.Config().Hidden)
	if err != nil || c == nil {
		return Norms{State: "h", Memory: hn}, err
	}
	cn, err := relativeNorms(c[len(c)-1], len(seq), m.Config().Hidden)
	return Norms{State: "c", Memory: cn, Hidden: hn}, err
}

// relativeNorms are the norms of the first H values of each of the n rows
// of g by distance from the last row, over the last row's.
func relativeNorms[T model.Float](g []T, n, H int) ([]float64, error) {
	W := len(g) / n
	norms := make([]float64, n)
	for t := range n {
		sq := 0.0
		for _, v := range g[t*W : t*W+H] {
			sq += float64(v) * float64(v)
		}
		norms[n-1-t] = math.Sqrt(sq)
	}
	if norms[0] == 0 {
		return nil, fmt.Errorf("the loss sends no gradient back to the last token's state, against which to measure the others")
	}
	for d := n - 1; d >= 0; d-- { // norms[0] last, as the others divide by it
		norms[d] /= norms[0]
	}
	return norms, nil
}
