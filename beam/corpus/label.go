package corpus

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

	"github.com/rnnsent/rnnsent/internal/csvread"
	"github.com/rnnsent/rnnsent/internal/dataset"
	"github.com/rnnsent/rnnsent/internal/fileerr"
	"github.com/rnnsent/rnnsent/internal/predict"
)

// answer is the model's answer to a row: its class probabilities, and
// with Eval its true class and category.
type answer struct {
	File     string
	Line     int
	Class    int
	Category string
	Probs    []float64
}

// labelFn labels rows a batch at a time: one row at a time would spend the
// time on matrix-vector products where a batch makes matrix products.
// Rows wait in the buffer until it holds BatchSize of them or the bundle
// ends; a bundle is the runner's unit of work and commit, so nothing may
// wait past its end.
type labelFn struct {
	Model     string
	Sum       string // Fingerprint of the model Check read
	BatchSize int
	Eval      bool

	// A Predictor is not safe for concurrent use, and a runner runs one
	// instance of a DoFn per goroutine: each loads its own.
	p       *predict.Predictor
	rows    []row
	seqs    [][]int
	classes []int
}

func (f *labelFn) Setup(ctx context.Context) error {
	p, err := LoadModel(ctx, f.Model)
	if err != nil {
		return err
	}
	// Each worker loads the file when it starts, which on a cluster can be
	// hours in: a training run writing a better epoch to it meanwhile
	// would answer some rows with one model and the rest with another.
	if sum, err := Fingerprint(p); err != nil || sum != f.Sum {
		return fileerr.At(f.Model, 0, "the model has changed since the job began, and its rows would be answered by two models; run the job again on a copy of the model that stays put")
	}
	f.p = p
	return nil
}

// Fingerprint identifies the model p holds: the SHA-256 of its checkpoint
// as rnnsent writes it, so that a model read through any version of its
// file format has one.
func Fingerprint(p *predict.Predictor) (string, error) {
	h := sha256.New()
	if err := p.Checkpoint.Encode(h); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func (f *labelFn) StartBundle(_ func(answer), _ func(deadLetter)) {
	f.rows, f.seqs, f.classes = f.rows[:0], f.seqs[:0], f.classes[:0]
}

func (f *labelFn) ProcessElement(ctx context.Context, r row, emit func(answer), dead func(deadLetter)) error {
	class := -1
	var seq []int
	if f.Eval {
		// Through eval's own encoding, which also refuses a label the
		// model does not know.
		set, err := dataset.Encode(dataset.Tokenize([]csvread.Row{{Text: r.Text, Label: r.Label, Line: r.Line}}),
			f.p.Vocab, f.p.Labels(), f.p.Checkpoint.MaxLen, r.File)
		if err != nil {
			dead(deadLetterOf(r.File, err))
			return nil
		}
		seq, class = set.Seqs[0], set.Labels[0]
	} else {
		seq = f.p.Encode(r.Text)
	}
	f.rows, f.seqs, f.classes = append(f.rows, r), append(f.seqs, seq), append(f.classes, class)
	if len(f.rows) < f.BatchSize {
		return nil
	}
	return f.flush(ctx, emit)
}

func (f *labelFn) FinishBundle(ctx context.Context, emit func(answer), _ func(deadLetter)) error {
	return f.flush(ctx, emit)
}

func (f *labelFn) flush(ctx context.Context, emit func(answer)) error {
	if len(f.rows) == 0 {
		return nil
	}
	probs, err := f.p.Seqs(f.seqs, f.BatchSize)
	f.p.Release(f.seqs)
	if err != nil {
		return err
	}
	for i, r := range f.rows {
		emit(answer{File: r.File, Line: r.Line, Class: f.classes[i], Category: r.Category, Probs: probs[i]})
	}
	labelled.Inc(ctx, int64(len(f.rows)))
	f.rows, f.seqs, f.classes = f.rows[:0], f.seqs[:0], f.classes[:0]
	return nil
}
