package model

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
)

// TestStateGradientsMatchFiniteDifferences moves each value of every state
// of every layer and direction, and lets the rest of the pass follow: h
// alone, and the LSTM's c with h following from it.
func TestStateGradientsMatchFiniteDifferences(t *testing.T) {
	seq := []int{3, 5, 2, 7, 1, 4, 6}
	for _, tt := range []struct {
		name string
		cfg  Config
	}{
		{"rnn", Config{Arch: ArchRecurrent, Cell: CellRNN, Layers: 1, Classes: 2}},
		{"gru", Config{Arch: ArchRecurrent, Cell: CellGRU, Layers: 1, Classes: 2}},
		{"lstm", Config{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Classes: 2}},
		{"rnn two layers mean pooling", Config{Arch: ArchRecurrent, Cell: CellRNN, Layers: 2, Classes: 3, Pool: "mean"}},
		{"gru bidirectional max pooling", Config{Arch: ArchRecurrent, Cell: CellGRU, Layers: 1, Bidirectional: true, Classes: 2, Pool: "max+last"}},
		{"lstm two bidirectional layers", Config{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 2, Bidirectional: true, Classes: 3}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.cfg
			cfg.Vocab, cfg.Embed, cfg.Hidden = 9, 3, 4
			rng := rand.New(rand.NewPCG(3, 4))
			m, err := New[float64](cfg, rng)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range m.params {
				for i := range p.W {
					p.W[i] += 0.3 * rng.NormFloat64()
				}
			}
			label := cfg.Classes - 1
			hGrads, cGrads, err := m.StateGradients(seq, label)
			if err != nil {
				t.Fatal(err)
			}
			if len(hGrads) != cfg.Layers || (cfg.Cell == CellLSTM) != (cGrads != nil) {
				t.Fatalf("%d layers of h gradients, c gradients %v; want %d layers, c gradients for the LSTM only", len(hGrads), cGrads != nil, cfg.Layers)
			}
			T, H := len(seq), cfg.Hidden
			// move returns how the state named by what moves by x.
			move := map[string]func(d *direction[float64], x []float64) func(r0, n int){
				"h": func(d *direction[float64], x []float64) func(r0, n int) {
					return func(r0, n int) { addTo(d.h[r0*H:(r0+n)*H], x[r0*H:(r0+n)*H]) }
				},
				"c": func(d *direction[float64], x []float64) func(r0, n int) {
					return func(r0, n int) {
						for r := r0; r < r0+n; r++ {
							for j := range H {
								d.c[r*H+j] += x[r*H+j]
								d.h[r*H+j] = d.act[r*4*H+3*H+j] * math.Tanh(d.c[r*H+j]) // h = o⊙tanh(c)
							}
						}
					}
				},
			}
			for what, grads := range map[string][][]float64{"h": hGrads, "c": cGrads} {
				if grads == nil {
					continue
				}
				for l, ly := range m.layers {
					W := len(ly.dirs) * H
					if len(grads[l]) != T*W {
						t.Fatalf("%s layer %d: %d values, want %d", what, l, len(grads[l]), T*W)
					}
					for k, d := range ly.dirs {
						numeric := fd.Gradient(nil, func(x []float64) float64 {
							d.afterStep = move[what](d, x)
							loss, _, err := m.Step([][]int{seq}, []int{label}, nil)
							if err != nil {
								t.Fatal(err)
							}
							return loss
						}, make([]float64, T*H), &fd.Settings{Formula: fd.Central, Step: 1e-6})
						d.afterStep = nil
						for r := range T {
							// The direction's own row of token r.
							s := r
							if k == 1 {
								s = T - 1 - r
							}
							for j := range H {
								a, n := grads[l][r*W+k*H+j], numeric[s*H+j]
								if math.Abs(a-n) > 1e-8+1e-6*math.Abs(n) {
									t.Errorf("%s of layer %d direction %d token %d unit %d: analytic %.10g, finite difference %.10g", what, l, k, r, j, a, n)
								}
							}
						}
					}
				}
			}
		})
	}
}

// TestGatesAreNamedBlocks opens one named gate of each direction wide and
// shuts every other block: only that gate's columns may read 1.
func TestGatesAreNamedBlocks(t *testing.T) {
	seq := []int{1, 2, 3}
	for _, tt := range []struct {
		name          string
		cell          string
		bidirectional bool
		open          [2]string // the open gate of each direction
	}{
		{"lstm input", CellLSTM, false, [2]string{"input"}},
		{"lstm forget", CellLSTM, false, [2]string{"forget"}},
		{"lstm output", CellLSTM, false, [2]string{"output"}},
		{"gru reset", CellGRU, false, [2]string{"reset"}},
		{"gru update", CellGRU, false, [2]string{"update"}},
		{"bidirectional lstm forget then output", CellLSTM, true, [2]string{"forget", "output"}},
		{"bidirectional gru update then reset", CellGRU, true, [2]string{"update", "reset"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := Config{Arch: ArchRecurrent, Cell: tt.cell, Layers: 1, Bidirectional: tt.bidirectional, Classes: 2, Vocab: 5, Embed: 2, Hidden: 3}
			m, err := New[float64](cfg, rand.New(rand.NewPCG(1, 1)))
			if err != nil {
				t.Fatal(err)
			}
			names := GateNames(tt.cell)
			H, G := cfg.Hidden, cfg.gates()
			for k, d := range m.layers[0].dirs {
				// Zero weights leave each block at its bias.
				zero(d.wx.W)
				zero(d.wh.W)
				for b := range G {
					v := -30.0
					if b == gateBlocks[tt.cell][slices.Index(names, tt.open[k])].block {
						v = 30
					}
					for j := range H {
						d.bx.W[b*H+j] = v
					}
				}
			}
			gates, err := m.Gates(seq)
			if err != nil {
				t.Fatal(err)
			}
			W := len(m.layers[0].dirs) * len(names) * H
			if len(gates) != 1 || len(gates[0]) != len(seq)*W {
				t.Fatalf("got %d layers, %d values; want 1 layer, %d values", len(gates), len(gates[0]), len(seq)*W)
			}
			for r := range seq {
				for k := range m.layers[0].dirs {
					for g, name := range names {
						want := 0.0
						if name == tt.open[k] {
							want = 1
						}
						for j := range H {
							if v := gates[0][r*W+(k*len(names)+g)*H+j]; math.Abs(v-want) > 1e-9 {
								t.Errorf("token %d direction %d gate %s unit %d: %g, want %g", r, k, name, j, v, want)
							}
						}
					}
				}
			}
		})
	}
}

func TestInspectRefusesModelsWithoutStatesOrGates(t *testing.T) {
	for _, tt := range []struct {
		name  string
		cfg   Config
		gates bool
		want  string
	}{
		{"gradients of bag of words", Config{Arch: ArchBOW, Classes: 2}, false, "a bag-of-words model has no hidden states"},
		{"gates of bag of words", Config{Arch: ArchBOW, Classes: 2}, true, "a bag-of-words model has no gates"},
		{"gates of a simple rnn", Config{Arch: ArchRecurrent, Cell: CellRNN, Layers: 1, Classes: 2}, true, "a simple RNN has no gates"},
		{"empty text", Config{Arch: ArchRecurrent, Cell: CellGRU, Layers: 1, Classes: 2}, false, "sequence 0 is empty"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.cfg
			cfg.Vocab, cfg.Embed, cfg.Hidden = 5, 2, 3
			m, err := New[float64](cfg, rand.New(rand.NewPCG(1, 1)))
			if err != nil {
				t.Fatal(err)
			}
			seq := []int{1, 2}
			if tt.name == "empty text" {
				seq = nil
			}
			if tt.gates {
				_, err = m.Gates(seq)
			} else {
				_, _, err = m.StateGradients(seq, 0)
			}
			if err == nil || err.Error() != tt.want {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}
