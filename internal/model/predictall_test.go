package model

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestPredictAllKeepsOrderAcrossTokenBoundedBatches(t *testing.T) {
	cfg := Config{Arch: ArchRecurrent, Cell: CellGRU, Layers: 1, Vocab: 20, Embed: 4, Hidden: 5, Classes: 3}
	m, err := New[float32](cfg, nil, rand.New(rand.NewPCG(1, 1)))
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

// TestPredictAllTakesAnyBatchSize checks that a batch size far above the
// number of texts (eval --batch-size is the user's) answers as a small one
// does and allocates only for the texts there are.
func TestPredictAllTakesAnyBatchSize(t *testing.T) {
	cfg := Config{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Vocab: 20, Embed: 4, Hidden: 5, Classes: 2}
	m, err := New[float32](cfg, nil, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	seqs := [][]int{{2, 3}, {4}, {5, 6, 7}}
	want, err := PredictAll(m, seqs, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name      string
		batchSize int
	}{
		{"more than the texts", 1000},
		{"the largest int", math.MaxInt},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := PredictAll(m, seqs, tt.batchSize)
			if err != nil {
				t.Fatal(err)
			}
			for i := range want {
				for k := range want[i] {
					if math.Abs(got[i][k]-want[i][k]) > 1e-6 {
						t.Fatalf("text %d: %v, want %v", i, got[i], want[i])
					}
				}
			}
		})
	}
}
