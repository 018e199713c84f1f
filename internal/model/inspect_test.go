package model

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
)

// TestStateGradientsMatchFiniteDifferences moves each value of every state
// of every layer and direction in refLoss, the network written out from the
// standard equations, and lets the rest of the pass follow: h alone, and the
// LSTM's c with h following from it.
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
			m := jitteredModel(t, cfg, nil, rand.New(rand.NewPCG(3, 4)))
			label := cfg.Classes - 1
			loss, _, err := m.Step([][]int{seq}, []int{label}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if ref := refLoss(m, seq, label, nil); math.Abs(ref-loss) > 1e-12 {
				t.Fatalf("the written-out network's loss %.15g, the model's %.15g: the reference is not the model", ref, loss)
			}
			hGrads, cGrads, err := m.StateGradients(seq, label)
			if err != nil {
				t.Fatal(err)
			}
			if len(hGrads) != cfg.Layers || (cfg.Cell == CellLSTM) != (cGrads != nil) {
				t.Fatalf("%d layers of h gradients, c gradients %v; want %d layers, c gradients for the LSTM only", len(hGrads), cGrads != nil, cfg.Layers)
			}
			for what, grads := range map[string][][]float64{"h": hGrads, "c": cGrads} {
				if grads != nil {
					checkStateGradients(t, m, seq, label, what, grads)
				}
			}
		})
	}
}

// checkStateGradients compares grads, StateGradients' gradients of the
// state what ("h" or "c") of m on seq, with the finite differences of
// refLoss as that state moves.
func checkStateGradients(t *testing.T, m *Model[float64], seq []int, label int, what string, grads [][]float64) {
	t.Helper()
	T, H := len(seq), m.cfg.Hidden
	for l, ly := range m.layers {
		W := len(ly.dirs) * H
		if len(grads[l]) != T*W {
			t.Fatalf("%s layer %d: %d values, want %d", what, l, len(grads[l]), T*W)
		}
		for k := range ly.dirs {
			numeric := fd.Gradient(nil, func(x []float64) float64 {
				return refLoss(m, seq, label, func(layer, dir, tok int, h, c []float64) (dh, dc []float64) {
					switch {
					case layer != l || dir != k:
						return nil, nil
					case what == "c":
						return nil, x[tok*H : (tok+1)*H]
					}
					return x[tok*H : (tok+1)*H], nil
				})
			}, make([]float64, T*H), &fd.Settings{Formula: fd.Central, Step: 1e-6})
			for r := range T {
				for j := range H {
					a, n := grads[l][r*W+k*H+j], numeric[r*H+j]
					if math.Abs(a-n) > 1e-8+1e-6*math.Abs(n) {
						t.Errorf("%s of layer %d direction %d token %d unit %d: analytic %.10g, finite difference %.10g", what, l, k, r, j, a, n)
					}
				}
			}
		}
	}
}

// refLoss is the loss of m on seq, labelled label, computed one token at a
// time from PyTorch's equations of the cells, in the plainest code: an
// oracle for the model's batched passes. After each step of each layer and
// direction, move, if not nil, may shift the new state by dh (h alone) or
// by dc (the LSTM's c, with h = o⊙tanh(c) following).
func refLoss(m *Model[float64], seq []int, label int, move func(layer, dir, tok int, h, c []float64) (dh, dc []float64)) float64 {
	xs := make([][]float64, len(seq))
	for t, id := range seq {
		xs[t] = m.emb.W[id*m.cfg.Embed : (id+1)*m.cfg.Embed]
	}
	for l, ly := range m.layers {
		xs = refLayer(ly, xs, func(dir, tok int, h, c []float64) (dh, dc []float64) {
			if move == nil {
				return nil, nil
			}
			return move(l, dir, tok, h, c)
		})
	}
	feat := refFeatures(m.cfg, xs)
	K := m.cfg.Outputs()
	z := slices.Clone(m.denseB.W)
	for i, v := range feat {
		for k := range K {
			z[k] += v * m.denseW.W[i*K+k]
		}
	}
	if K == 1 {
		return softplus(z[0] * float64(1-2*label)) // −log σ(z) for label 1, −log(1−σ(z)) for 0
	}
	lse := 0.0
	for _, v := range z {
		lse += math.Exp(v)
	}
	return math.Log(lse) - z[label]
}

// refLayer runs each direction of ly over the inputs xs, one per token, and
// returns the layer's outputs, one per token, the forward direction's first.
func refLayer(ly *layer[float64], xs [][]float64, move func(dir, tok int, h, c []float64) (dh, dc []float64)) [][]float64 {
	T, H := len(xs), ly.H
	out := make([][]float64, T)
	for t := range out {
		out[t] = make([]float64, len(ly.dirs)*H)
	}
	for k, d := range ly.dirs {
		h, c := make([]float64, H), make([]float64, H)
		for i := range T {
			t := i
			if k == 1 {
				t = T - 1 - i
			}
			o := refStep(d, xs[t], h, c)
			dh, dc := move(k, t, h, c)
			for j := range H {
				switch {
				case dh != nil:
					h[j] += dh[j]
				case dc != nil:
					c[j] += dc[j]
					h[j] = o[j] * math.Tanh(c[j])
				}
			}
			copy(out[t][k*H:], h)
		}
	}
	return out
}

// refFeatures pools the top layer's outputs xs as cfg says.
func refFeatures(cfg Config, xs [][]float64) []float64 {
	T, H := len(xs), cfg.Hidden
	var feat []float64
	for _, pool := range cfg.pools() {
		f := make([]float64, len(xs[0]))
		switch pool {
		case PoolLast:
			copy(f, xs[T-1][:H])
			copy(f[H:], xs[0][H:]) // the reverse direction's last step reads the first token
		case PoolMax:
			copy(f, xs[0])
			for _, x := range xs {
				for j, v := range x {
					f[j] = math.Max(f[j], v)
				}
			}
		case PoolMean:
			for _, x := range xs {
				for j, v := range x {
					f[j] += v / float64(T)
				}
			}
		}
		feat = append(feat, f...)
	}
	return feat
}

// refStep runs one step of d's cell on the input x from the state h (and c),
// which it updates in place, and returns the LSTM's output gate.
func refStep(d *direction[float64], x, h, c []float64) (o []float64) {
	H, GH := d.H, d.G*d.H
	xw, hw := make([]float64, GH), make([]float64, GH)
	for j := range GH {
		xw[j], hw[j] = d.bx.W[j], d.bh.W[j]
		for i, v := range x {
			xw[j] += v * d.wx.W[i*GH+j]
		}
		for i, v := range h {
			hw[j] += v * d.wh.W[i*GH+j]
		}
	}
	sigmoid := func(v float64) float64 { return 1 / (1 + math.Exp(-v)) }
	o = make([]float64, H)
	for j := range H {
		switch d.cell {
		case CellRNN: // h = tanh(W_ih x + b_ih + W_hh h' + b_hh)
			h[j] = math.Tanh(xw[j] + hw[j])
		case CellGRU: // r, z, n; h = (1 − z) ⊙ n + z ⊙ h'
			r, z := sigmoid(xw[j]+hw[j]), sigmoid(xw[H+j]+hw[H+j])
			n := math.Tanh(xw[2*H+j] + r*hw[2*H+j])
			h[j] = (1-z)*n + z*h[j]
		case CellLSTM: // i, f, g, o; c = f ⊙ c' + i ⊙ g, h = o ⊙ tanh(c)
			i, f := sigmoid(xw[j]+hw[j]), sigmoid(xw[H+j]+hw[H+j])
			g, og := math.Tanh(xw[2*H+j]+hw[2*H+j]), sigmoid(xw[3*H+j]+hw[3*H+j])
			c[j] = f*c[j] + i*g
			h[j], o[j] = og*math.Tanh(c[j]), og
		}
	}
	return o
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
			m, err := New[float64](cfg, nil, rand.New(rand.NewPCG(1, 1)))
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
			m, err := New[float64](cfg, nil, rand.New(rand.NewPCG(1, 1)))
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
