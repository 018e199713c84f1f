package inspect

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/rnnsent/rnnsent/internal/model"
)

func network(t *testing.T, arch, cell string, seed uint64) *model.Model[float32] {
	t.Helper()
	cfg := model.Config{Arch: arch, Cell: cell, Vocab: 10, Embed: 4, Hidden: 5, Classes: 2}
	if arch == model.ArchRecurrent {
		cfg.Layers = 1
	}
	m, err := model.New[float32](cfg, nil, rand.New(rand.NewPCG(seed, 1)))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func ensemble(t *testing.T, members ...*model.Model[float32]) *model.Ensemble[float32] {
	t.Helper()
	e, err := model.NewEnsemble(members...)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func near(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Abs(x-y) <= 1e-6*math.Max(1, math.Abs(y)) })
}

func TestTextGradientsOfEachCell(t *testing.T) {
	seq := []int{2, 7, 3, 9, 4}
	for _, tt := range []struct {
		cell, state string
	}{{model.CellRNN, "h"}, {model.CellGRU, "h"}, {model.CellLSTM, "c"}} {
		t.Run(tt.cell, func(t *testing.T) {
			a, b := network(t, model.ArchRecurrent, tt.cell, 1), network(t, model.ArchRecurrent, tt.cell, 2)
			n, err := TextGradients(ensemble(t, a), seq)
			if err != nil {
				t.Fatal(err)
			}
			if n.State != tt.state || len(n.Memory) != len(seq) || n.Memory[0] != 1 || (tt.cell == model.CellLSTM) != (n.Hidden != nil) {
				t.Fatalf("got %+v: want the norms of %s, %d of them from 1, and of h for the LSTM", n, tt.state, len(seq))
			}
			// An ensemble's are the mean of its networks', each on the
			// class the ensemble answers.
			probs, _ := ensemble(t, a, b).Predict([][]int{seq})
			na, _ := StateNorms(a, seq, model.Argmax(probs[0]))
			nb, _ := StateNorms(b, seq, model.Argmax(probs[0]))
			both, err := TextGradients(ensemble(t, a, b), seq)
			if err != nil {
				t.Fatal(err)
			}
			for d := range seq {
				if want := (na.Memory[d] + nb.Memory[d]) / 2; math.Abs(both.Memory[d]-want) > 1e-9 {
					t.Errorf("ensemble's norm at distance %d: %g, want the mean %g", d, both.Memory[d], want)
				}
			}
		})
	}
}

func TestTextGatesOfEachGatedCell(t *testing.T) {
	seq := []int{2, 7, 3}
	for _, cell := range []string{model.CellGRU, model.CellLSTM} {
		t.Run(cell, func(t *testing.T) {
			a, b := network(t, model.ArchRecurrent, cell, 1), network(t, model.ArchRecurrent, cell, 2)
			ga, err := TextGates(ensemble(t, a), seq)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(ga.Names, model.GateNames(cell)) || len(ga.Means) != len(seq) {
				t.Fatalf("gates %v over %d tokens, want %v over %d", ga.Names, len(ga.Means), model.GateNames(cell), len(seq))
			}
			gb, _ := TextGates(ensemble(t, b), seq)
			both, err := TextGates(ensemble(t, a, b), seq)
			if err != nil {
				t.Fatal(err)
			}
			for i := range seq {
				want := make([]float64, len(ga.Names))
				for k := range want {
					want[k] = (ga.Means[i][k] + gb.Means[i][k]) / 2
					if v := ga.Means[i][k]; !(v > 0 && v < 1) {
						t.Errorf("token %d gate %s: mean %g, not a sigmoid's", i, ga.Names[k], v)
					}
				}
				if !near(both.Means[i], want) {
					t.Errorf("token %d: ensemble's means %v, want the mean %v", i, both.Means[i], want)
				}
			}
		})
	}
}

func TestInspectRefusesWhatHasNothingToShow(t *testing.T) {
	for _, tt := range []struct {
		name  string
		arch  string
		cell  string
		gates bool
		want  string
	}{
		{"gradients of bag of words", model.ArchBOW, "", false, "a bag-of-words model has no hidden states"},
		{"gates of bag of words", model.ArchBOW, "", true, "a bag-of-words model has no gates"},
		{"gates of a simple rnn", model.ArchRecurrent, model.CellRNN, true, "a simple RNN has no gates"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := ensemble(t, network(t, tt.arch, tt.cell, 1))
			var err error
			if tt.gates {
				_, err = TextGates(e, []int{2, 3})
			} else {
				_, err = TextGradients(e, []int{2, 3})
			}
			if err == nil || err.Error() != tt.want {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}
