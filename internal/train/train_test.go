package train

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"github.com/rnnsent/rnnsent/internal/dataset"
	"github.com/rnnsent/rnnsent/internal/model"
	"github.com/rnnsent/rnnsent/internal/rng"
)

// negationSet is a toy language where word order decides: ids 2-4 are
// positive words, 5-7 negative ones, 8 is "not", which flips the word after
// it, and 9-10 are neutral filler. A bag of words cannot separate
// "not good" from "good ... not".
func negationSet(n int, rng *rand.Rand) dataset.Set {
	var s dataset.Set
	for range n {
		var seq []int
		for range 1 + rng.IntN(3) {
			seq = append(seq, 9+rng.IntN(2))
		}
		neg := rng.IntN(2) == 0
		if neg {
			seq = append(seq, 8)
		}
		positive := rng.IntN(2) == 0
		if positive {
			seq = append(seq, 2+rng.IntN(3))
		} else {
			seq = append(seq, 5+rng.IntN(3))
		}
		if !neg && rng.IntN(2) == 0 {
			seq = append(seq, 8) // a trailing "not" that negates nothing
		}
		label := 0
		if positive != neg {
			label = 1
		}
		s.Seqs = append(s.Seqs, seq)
		s.Labels = append(s.Labels, label)
	}
	return s
}

func toyModel(t *testing.T, cfg model.Config, seed uint64) *model.Model[float32] {
	t.Helper()
	cfg.Vocab, cfg.Embed, cfg.Hidden, cfg.Classes = 11, 8, 16, 2
	m, err := model.New[float32](cfg, nil, rng.New(seed, rng.Init))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

var toyOptions = Options{Epochs: 15, BatchSize: 16, LR: 0.01, Clip: 5, Seed: 1}

func TestLSTMLearnsNegationThatABagOfWordsCannot(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	trainSet, val := negationSet(800, rng), negationSet(200, rng)
	lstm := toyModel(t, model.Config{Arch: model.ArchRecurrent, Cell: model.CellLSTM, Layers: 1}, 1)
	res, err := Run(context.Background(), lstm, trainSet, val, toyOptions, Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Best.ValAccuracy < 0.97 {
		t.Errorf("LSTM validation accuracy %.3f, want at least 0.97", res.Best.ValAccuracy)
	}
	bow := toyModel(t, model.Config{Arch: model.ArchBOW}, 1)
	res, err = Run(context.Background(), bow, trainSet, val, toyOptions, Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Best.ValAccuracy > 0.9 {
		t.Errorf("bag of words validation accuracy %.3f: the toy task should defeat it", res.Best.ValAccuracy)
	}
}

// The second run has twice the threads of the first: they share each batch's
// shards differently, which must not change a bit.
func TestSameSeedSameModelWhateverTheThreads(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	trainSet, val := negationSet(200, rng), negationSet(50, rng)
	cfg := model.Config{Arch: model.ArchRecurrent, Cell: model.CellGRU, Layers: 2, Bidirectional: true, Dropout: 0.2}
	opt := toyOptions
	opt.Epochs = 2
	opt.BatchSize = 2*shardSize + 5 // three shards, one short
	var weights [2][]model.Tensor
	for i := range weights {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(i + 1))
		m := toyModel(t, cfg, 7)
		if _, err := Run(context.Background(), m, trainSet, val, opt, Hooks{}); err != nil {
			t.Fatal(err)
		}
		weights[i] = m.Tensors()
	}
	for k := range weights[0] {
		if !slices.Equal(weights[0][k].Bytes, weights[1][k].Bytes) {
			t.Fatalf("tensor %s differs between two runs with the same seed", weights[0][k].Name)
		}
	}
}

func TestRunStopsEarlyAndReportsBest(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	trainSet, val := negationSet(100, rng), negationSet(30, rng)
	opt := toyOptions
	opt.Epochs, opt.Patience, opt.LR = 50, 2, 0.05
	var best []int
	res, err := Run(context.Background(), toyModel(t, model.Config{Arch: model.ArchBOW}, 1), trainSet, val, opt,
		Hooks{Best: func(e Epoch) error { best = append(best, e.Epoch); return nil }})
	if err != nil {
		t.Fatal(err)
	}
	n := len(res.History)
	if n == 50 {
		t.Fatal("no early stop in 50 epochs on a task the model cannot improve at")
	}
	if last := res.History[n-1].Epoch; last-res.Best.Epoch != 2 {
		t.Errorf("stopped at epoch %d with the best at %d, want 2 epochs of patience", last, res.Best.Epoch)
	}
	if best[len(best)-1] != res.Best.Epoch {
		t.Errorf("Best hook last called for epoch %d, result says %d", best[len(best)-1], res.Best.Epoch)
	}
}

func TestRunHonoursCancellation(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	trainSet, val := negationSet(100, rng), negationSet(30, rng)
	ctx, cancel := context.WithCancel(context.Background())
	batchesSeen := 0
	_, err := Run(ctx, toyModel(t, model.Config{Arch: model.ArchBOW}, 1), trainSet, val, toyOptions,
		Hooks{Batch: func(_, done, total int, loss float64) {
			batchesSeen++
			if done == 3 {
				cancel()
			}
		}})
	if !errors.Is(err, context.Canceled) || batchesSeen != 3 {
		t.Fatalf("got %v after %d batches, want context.Canceled after 3", err, batchesSeen)
	}
}

func TestNonFiniteLossStopsWithAClearError(t *testing.T) {
	// Ids 2-5 in training, 6 only in validation; a NaN in a word's
	// embedding reaches the loss of every text holding the word.
	set := func(id int) dataset.Set {
		return dataset.Set{Seqs: [][]int{{2, 3}, {4, 5, 2}, {id}, {3, 3}}, Labels: []int{0, 1, 1, 0}}
	}
	tests := []struct {
		name string
		nan  int // the id whose embedding is NaN
		want string
	}{
		{"training loss", 4, "epoch 1, batch 1: the loss is not finite; try a lower learning rate"},
		{"validation loss", 6, "epoch 1: the validation loss is not finite; try a lower learning rate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := toyModel(t, model.Config{Arch: model.ArchBOW}, 1)
			m.Params()[0].W[tt.nan*8] = float32(math.NaN())
			best := 0
			_, err := Run(context.Background(), m, set(5), set(6), Options{Epochs: 2, BatchSize: 4, LR: 0.01, Seed: 1},
				Hooks{Best: func(Epoch) error { best++; return nil }})
			if err == nil || err.Error() != tt.want {
				t.Errorf("got %v, want %q", err, tt.want)
			}
			if best != 0 {
				t.Error("a model with a non-finite loss became the best")
			}
		})
	}
}

func TestOptionsValidate(t *testing.T) {
	cases := []struct {
		name string
		edit func(*Options)
		want string
	}{
		{"zero epochs", func(o *Options) { o.Epochs = 0 }, "Epochs must be at least 1, got 0"},
		{"zero batch", func(o *Options) { o.BatchSize = 0 }, "BatchSize must be at least 1, got 0"},
		{"negative lr", func(o *Options) { o.LR = -1 }, "LR must be a positive number, got -1"},
		{"NaN lr", func(o *Options) { o.LR = math.NaN() }, "LR must be a positive number, got NaN"},
		{"negative clip", func(o *Options) { o.Clip = -1 }, "Clip must be 0 or positive, got -1"},
		{"negative patience", func(o *Options) { o.Patience = -1 }, "Patience must be 0 or positive, got -1"},
		{"average of 1", func(o *Options) { o.Average = 1 }, "Average must be at least 0 and below 1, got 1"},
		{"negative average", func(o *Options) { o.Average = -0.5 }, "Average must be at least 0 and below 1, got -0.5"},
		{"negative weight decay", func(o *Options) { o.WeightDecay = -0.1 }, "WeightDecay must be 0 or positive, got -0.1"},
		{"infinite weight decay", func(o *Options) { o.WeightDecay = math.Inf(1) }, "WeightDecay must be 0 or positive, got +Inf"},
		{"weight decay that wipes out the weights", func(o *Options) { o.WeightDecay = 100 },
			"WeightDecay 100 times LR 0.01 must be below 1, or every step would wipe out the weights"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := toyOptions
			tc.edit(&o)
			if err := o.Validate(); err == nil || err.Error() != tc.want {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
		})
	}
	if err := toyOptions.Validate(); err != nil {
		t.Fatalf("valid options rejected: %v", err)
	}
}

func TestLearningRateDecaysOnPlateaus(t *testing.T) {
	up, flat := Epoch{Improved: true}, Epoch{}
	for _, c := range []struct {
		name    string
		decay   float64
		history []Epoch
		want    float64
	}{
		{"first epoch", 0.5, nil, 0.01},
		{"no decay", 0, []Epoch{up, flat, flat}, 0.01},
		{"decay 1 keeps the rate", 1, []Epoch{up, flat, flat}, 0.01},
		{"improving epochs keep the rate", 0.5, []Epoch{up, up, up}, 0.01},
		{"halved after each plateau", 0.5, []Epoch{up, flat, up, flat}, 0.0025},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := Options{LR: 0.01, LRDecay: c.decay}
			if got := o.lrAfter(c.history); math.Abs(got-c.want) > 1e-15 {
				t.Errorf("rate %v, want %v", got, c.want)
			}
		})
	}
}

func TestWeightDecayKeepsTheWeightsSmaller(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	trainSet, val := negationSet(200, rng), negationSet(50, rng)
	cfg := model.Config{Arch: model.ArchRecurrent, Cell: model.CellLSTM, Layers: 1}
	squares := func(decay float64) float64 {
		m := toyModel(t, cfg, 1)
		opt := toyOptions
		opt.Epochs, opt.Patience, opt.WeightDecay = 3, 0, decay
		if _, err := Run(context.Background(), m, trainSet, val, opt, Hooks{}); err != nil {
			t.Fatal(err)
		}
		sum := 0.0
		for _, p := range m.Params() {
			if !p.IsBias() {
				for _, w := range p.W {
					sum += float64(w) * float64(w)
				}
			}
		}
		return sum
	}
	plain, decayed := squares(0), squares(5)
	if !(decayed < 0.5*plain) {
		t.Errorf("sum of squared weights %.2f with weight decay, %.2f without: want less than half", decayed, plain)
	}
}
