package model

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/rnnsent/rnnsent/internal/tokenize"
)

// A training step with word dropout must be the step without it on the
// same texts with the drawn words replaced by the unknown word: the same
// loss and the same gradients, the embedding's included. Prediction never
// drops words.
func TestWordDropoutReadsDroppedWordsAsUnknown(t *testing.T) {
	seqs := [][]int{{4, 2, 7, 9}, {3, 3}, {8, 5, 6, 10, 11, 4}, {2}}
	labels := []int{1, 0, 1, 0}
	cfg := Config{Arch: ArchRecurrent, Cell: CellLSTM, Layers: 1, Pool: "last+max", Classes: 2, Vocab: 12, Embed: 5, Hidden: 6}
	plain, err := New[float64](cfg, nil, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	cfg.WordDropout = 0.5
	dropping, err := New[float64](cfg, nil, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}

	// The draws come one per token in the packed (time-major) order.
	var p packing
	if err := p.pack(seqs, plain.gramsOf); err != nil {
		t.Fatal(err)
	}
	replaced := make([][]int, len(seqs))
	for i, s := range seqs {
		replaced[i] = slices.Clone(s)
	}
	draws, dropped := rand.New(rand.NewPCG(2, 2)), 0
	for tm := range p.steps() {
		for i := range p.sizes[tm] {
			if draws.Float64() < cfg.WordDropout {
				replaced[p.order[i]][tm] = tokenize.UnkID
				dropped++
			}
		}
	}
	if dropped == 0 || dropped == p.tokens() {
		t.Fatalf("the seed drops %d of %d words; the test needs some of each", dropped, p.tokens())
	}

	gotLoss, _, err := dropping.Step(seqs, labels, rand.New(rand.NewPCG(2, 2)))
	if err != nil {
		t.Fatal(err)
	}
	wantLoss, _, err := plain.Step(replaced, labels, nil)
	if err != nil {
		t.Fatal(err)
	}
	if gotLoss != wantLoss {
		t.Errorf("loss %v, want %v", gotLoss, wantLoss)
	}
	for k, p := range dropping.Params() {
		if !slices.Equal(p.G, plain.Params()[k].G) {
			t.Errorf("%s: the gradients differ", p.Name)
		}
	}

	got, _ := dropping.Predict(seqs)
	want, _ := plain.Predict(seqs)
	for i := range got {
		if !slices.Equal(got[i], want[i]) {
			t.Errorf("text %d: predicts %v with word dropout, %v without", i, got[i], want[i])
		}
	}
}
