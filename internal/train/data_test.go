package train

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/rnnsent/rnnsent/internal/dataset"
	"github.com/rnnsent/rnnsent/internal/model"
)

func TestBatchesCoverEveryExampleOnceWithSimilarLengths(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	var s dataset.Set
	for i := range 1000 {
		s.Seqs = append(s.Seqs, make([]int, 1+rng.IntN(60)))
		s.Labels = append(s.Labels, i%2)
	}
	plan := batches(s, 32, rng)
	var seen []int
	spread := 0
	for _, b := range plan {
		if len(b) > 32 {
			t.Fatalf("batch of %d", len(b))
		}
		seen = append(seen, b...)
		lo, hi := 1<<30, 0
		for _, i := range b {
			lo, hi = min(lo, len(s.Seqs[i])), max(hi, len(s.Seqs[i]))
		}
		spread += hi - lo
	}
	slices.Sort(seen)
	for i, v := range seen {
		if v != i {
			t.Fatalf("example %d missing or repeated", i)
		}
	}
	if mean := float64(spread) / float64(len(plan)); mean > 5 {
		t.Errorf("mean length spread within a batch %.1f; bucketing should keep it small", mean)
	}
}

func TestBatchesLargerThanTheSetAreTheWholeSet(t *testing.T) {
	var s dataset.Set
	for i := range 100 {
		s.Seqs = append(s.Seqs, make([]int, 1+i%7))
		s.Labels = append(s.Labels, i%2)
	}
	want := batches(s, s.Len(), rand.New(rand.NewPCG(1, 1)))
	for _, tt := range []struct {
		name string
		size int
	}{
		{"one more than the set", s.Len() + 1},
		{"the largest int, whose pool bounds would overflow", math.MaxInt},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := batches(s, tt.size, rand.New(rand.NewPCG(1, 1)))
			if !slices.EqualFunc(got, want, slices.Equal) {
				t.Errorf("%d batches, want the %d of a batch the set's size", len(got), len(want))
			}
		})
	}
}

func TestAdamFirstStepMovesEachWeightByTheLearningRate(t *testing.T) {
	p := &model.Param[float32]{Name: "w", Rows: 1, Cols: 3, W: []float32{1, 1, 1}, G: []float32{0.5, -2, 1e-3}}
	a := newAdam([]*model.Param[float32]{p}, 0.1, 0)
	a.begin()
	a.apply(0, p, 0, 3, 1)
	// With bias correction, Adam's first step is lr·sign(g) (up to ε).
	for j, want := range []float32{0.9, 1.1, 0.9} {
		if math.Abs(float64(p.W[j]-want)) > 1e-5 {
			t.Errorf("w[%d] = %v, want %v", j, p.W[j], want)
		}
	}
}

func TestWeightDecayShrinksTheWeightsButNotTheBiases(t *testing.T) {
	const lr, decay = 0.1, 0.5 // each step keeps 1 - lr·decay = 0.95 of a weight
	tests := []struct {
		name       string
		rows, cols int
		grad       []float32
		shrunk     bool
	}{
		{"matrix without gradient", 2, 2, []float32{0, 0, 0, 0}, true},
		{"matrix with gradient", 2, 2, []float32{0.5, -2, 1e-3, 0}, true},
		{"bias without gradient", 1, 4, []float32{0, 0, 0, 0}, false},
		{"bias with gradient", 1, 4, []float32{0.5, -2, 1e-3, 0}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := []float32{1, -2, 3, 4}
			p := &model.Param[float32]{Name: "p", Rows: tt.rows, Cols: tt.cols, W: slices.Clone(w), G: tt.grad}
			a := newAdam([]*model.Param[float32]{p}, lr, decay)
			a.begin()
			a.apply(0, p, 0, len(w), 1)
			// The same step without decay, from the weights shrunk or not.
			want := slices.Clone(w)
			if tt.shrunk {
				for j := range want {
					want[j] *= 1 - lr*decay
				}
			}
			q := &model.Param[float32]{Name: "q", Rows: tt.rows, Cols: tt.cols, W: want, G: tt.grad}
			plain := newAdam([]*model.Param[float32]{q}, lr, 0)
			plain.begin()
			plain.apply(0, q, 0, len(w), 1)
			if !slices.Equal(p.W, want) {
				t.Errorf("weights %v, want %v", p.W, want)
			}
		})
	}
}
