package model

import (
	"math"
	"math/rand/v2"
	"testing"
)

// A sentence must score the same alone as inside a batch of longer ones:
// packing keeps padding out of every cell.
func TestPaddingNeverChangesAPrediction(t *testing.T) {
	sentence := []int{4, 2, 7}
	batch := [][]int{{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, sentence, {5, 5, 5, 5, 5, 5}, {9}}
	for _, cfg := range gradCases {
		cfg.Vocab, cfg.Embed, cfg.Hidden = 12, 5, 6
		t.Run(caseName(cfg), func(t *testing.T) {
			m, err := New[float32](cfg, nil, rand.New(rand.NewPCG(5, 6)))
			if err != nil {
				t.Fatal(err)
			}
			alone, err := m.Predict([][]int{sentence})
			if err != nil {
				t.Fatal(err)
			}
			inBatch, err := m.Predict(batch)
			if err != nil {
				t.Fatal(err)
			}
			for k := range alone[0] {
				// float32 products may round differently with another row count; no more than that.
				if d := math.Abs(alone[0][k] - inBatch[1][k]); d > 1e-6 {
					t.Errorf("class %d: %.9f alone, %.9f in a batch", k, alone[0][k], inBatch[1][k])
				}
			}
		})
	}
}

func TestPredictKeepsInputOrder(t *testing.T) {
	cfg := Config{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Classes: 3, Vocab: 12, Embed: 5, Hidden: 6}
	m, _ := New[float64](cfg, nil, rand.New(rand.NewPCG(7, 8)))
	seqs := [][]int{{3}, {4, 5, 6, 7}, {8, 9}}
	all, _ := m.Predict(seqs)
	for i, s := range seqs {
		one, _ := m.Predict([][]int{s})
		for k := range one[0] {
			if math.Abs(one[0][k]-all[i][k]) > 1e-12 {
				t.Fatalf("sequence %d: %v alone, %v in the batch", i, one[0], all[i])
			}
		}
	}
}

func TestBadInputIsAnError(t *testing.T) {
	cfg := Config{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Classes: 2, Vocab: 12, Embed: 5, Hidden: 6}
	m, _ := New[float64](cfg, nil, rand.New(rand.NewPCG(7, 8)))
	for name, seqs := range map[string][][]int{"empty sequence": {{}}, "id too large": {{12}}, "negative id": {{-1}}} {
		if _, err := m.Predict(seqs); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, _, err := m.Step([][]int{{3}}, []int{2}, nil); err == nil {
		t.Error("label 2 of a binary model: no error")
	}
}
