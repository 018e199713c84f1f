package train

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/rnnsent/rnnsent/internal/model"
)

func TestBatchesCoverEveryExampleOnceWithSimilarLengths(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	var s Set
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

func TestSplit(t *testing.T) {
	cases := []struct {
		name      string
		n         int
		frac      float64
		wantTrain int
	}{
		{"ten percent", 100, 0.1, 90},
		{"rounds", 15, 0.1, 13},
		{"keeps one for validation", 5, 0.01, 4},
		{"keeps one for training", 5, 0.99, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var s Set
			for i := range tc.n {
				s.Seqs = append(s.Seqs, []int{i + 2})
				s.Labels = append(s.Labels, i%2)
			}
			tr, val := Split(s, tc.frac, 1)
			if tr.Len() != tc.wantTrain || tr.Len()+val.Len() != tc.n {
				t.Fatalf("split %d into %d + %d, want %d for training", tc.n, tr.Len(), val.Len(), tc.wantTrain)
			}
			tr2, _ := Split(s, tc.frac, 1)
			if !slices.EqualFunc(tr.Seqs, tr2.Seqs, slices.Equal) {
				t.Error("the same seed split differently")
			}
		})
	}
}

func TestScore(t *testing.T) {
	probs := [][]float64{{0.9, 0.1}, {0.2, 0.8}, {0.6, 0.4}, {0.3, 0.7}}
	labels := []int{0, 1, 1, 0}
	m := Score(probs, labels, 2)
	if m.Accuracy != 0.5 || m.N != 4 {
		t.Errorf("accuracy %v of %d, want 0.5 of 4", m.Accuracy, m.N)
	}
	if want := [][]int{{1, 1}, {1, 1}}; !slices.EqualFunc(m.Confusion, want, slices.Equal) {
		t.Errorf("confusion %v, want %v", m.Confusion, want)
	}
	wantLoss := -(math.Log(0.9) + math.Log(0.8) + math.Log(0.4) + math.Log(0.3)) / 4
	if math.Abs(m.Loss-wantLoss) > 1e-12 {
		t.Errorf("loss %v, want %v", m.Loss, wantLoss)
	}
	for k, c := range m.PerClass {
		if c.Precision != 0.5 || c.Recall != 0.5 || c.F1 != 0.5 || c.Support != 2 {
			t.Errorf("class %d: %+v, want precision, recall and F1 0.5 of 2", k, c)
		}
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

func TestPredictAllKeepsOrderAcrossTokenBoundedBatches(t *testing.T) {
	cfg := model.Config{Arch: model.ArchRecurrent, Cell: model.CellGRU, Layers: 1, Vocab: 20, Embed: 4, Hidden: 5, Classes: 3}
	m, err := model.New[float32](cfg, NewInitRand(1))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(9, 9))
	var seqs [][]int
	for range 300 {
		n := 1 + rng.IntN(20)
		if rng.IntN(4) == 0 {
			n = 1 + rng.IntN(3*predictTokens/2) // some longer than a whole batch's budget
		}
		seq := make([]int, n)
		for j := range seq {
			seq[j] = 2 + rng.IntN(18)
		}
		seqs = append(seqs, seq)
	}
	all, err := PredictAll(m, seqs, 64)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 1, 77, 299} {
		one, _ := m.Predict([][]int{seqs[i]})
		for k := range one[0] {
			if math.Abs(one[0][k]-all[i][k]) > 1e-6 {
				t.Fatalf("text %d: %v alone, %v from PredictAll", i, one[0], all[i])
			}
		}
	}
}
