//go:build shared

// This file needs ../shared/golden (PyTorch-computed reference models), which
// ships beside the repository on the project's CI machines, not inside it.
// Run it with: go test -tags shared ./internal/model/

package model

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type golden struct {
	Cell          string
	Bidirectional bool
	Vocab, Embed  int
	Hidden        int
	Classes       int
	IDs           [][]int `json:"ids"`
	Lengths       []int
	Labels        []int
	Params        map[string]json.RawMessage
	Logits        [][]float64
	Loss          float64
	Grads         map[string]json.RawMessage
}

// torchName maps one of rnnsent's tensors to PyTorch's name, and says whether
// PyTorch stores it transposed ((out, in) where rnnsent keeps (in, out)).
func torchName(name string) (string, bool) {
	switch name {
	case "embedding":
		return name, false
	case "dense.w":
		return "dense_weight", true
	case "dense.b":
		return "dense_bias", false
	}
	// l0.fwd.wx → weight_ih_l0, l0.bwd.bh → bias_hh_l0_reverse
	parts := strings.Split(name, ".")
	base := map[string]string{"wx": "weight_ih_", "wh": "weight_hh_", "bx": "bias_ih_", "bh": "bias_hh_"}[parts[2]]
	n := base + parts[0]
	if parts[1] == "bwd" {
		n += "_reverse"
	}
	return n, parts[2][0] == 'w'
}

// flatten reads a JSON vector or matrix into rnnsent's (rows, cols) layout.
func flatten(t *testing.T, raw json.RawMessage, rows, cols int, transposed bool) []float64 {
	t.Helper()
	var m [][]float64
	if err := json.Unmarshal(raw, &m); err != nil {
		var v []float64
		if err := json.Unmarshal(raw, &v); err != nil {
			t.Fatal(err)
		}
		m = [][]float64{v}
	}
	out := make([]float64, rows*cols)
	for i := range rows {
		for j := range cols {
			if transposed {
				out[i*cols+j] = m[j][i]
			} else {
				out[i*cols+j] = m[i][j]
			}
		}
	}
	return out
}

func TestPyTorchParity(t *testing.T) {
	files, _ := filepath.Glob("../../../shared/golden/*.json")
	if len(files) == 0 {
		t.Fatal("no reference files in ../shared/golden: this test needs the shared folder beside the repository")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var g golden
			if err := json.Unmarshal(data, &g); err != nil {
				t.Fatal(err)
			}
			cfg := Config{Arch: ArchRecurrent, Cell: g.Cell, Vocab: g.Vocab, Embed: g.Embed, Hidden: g.Hidden,
				Layers: 1, Bidirectional: g.Bidirectional, Classes: g.Classes}
			m, err := build[float64](cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range m.params {
				name, tr := torchName(p.Name)
				raw, ok := g.Params[name]
				if !ok {
					t.Fatalf("reference has no %s for %s", name, p.Name)
				}
				copy(p.W, flatten(t, raw, p.Rows, p.Cols, tr))
			}
			seqs := make([][]int, len(g.IDs))
			for i, row := range g.IDs {
				seqs[i] = row[:g.Lengths[i]]
			}
			loss, _, err := m.Step(seqs, g.Labels, nil)
			if err != nil {
				t.Fatal(err)
			}
			const tol = 1e-9
			if math.Abs(loss-g.Loss) > tol {
				t.Errorf("loss %.12g, PyTorch %.12g", loss, g.Loss)
			}
			K := cfg.Outputs()
			for i, o := range m.pk.order {
				for k := range K {
					if got, want := m.logits[i*K+k], g.Logits[o][k]; math.Abs(got-want) > tol {
						t.Errorf("logit [%d][%d] %.12g, PyTorch %.12g", o, k, got, want)
					}
				}
			}
			for _, p := range m.params {
				name, tr := torchName(p.Name)
				want := flatten(t, g.Grads[name], p.Rows, p.Cols, tr)
				for i := range want {
					if math.Abs(p.G[i]-want[i]) > tol {
						t.Errorf("gradient of %s[%d] %.12g, PyTorch %.12g", p.Name, i, p.G[i], want[i])
					}
				}
			}
		})
	}
}
