package dataset

import (
	"slices"
	"testing"

	"github.com/rnnsent/rnnsent/internal/tokenize"
	"github.com/rnnsent/rnnsent/internal/train"
)

func TestAugmentNegation(t *testing.T) {
	vocab, err := tokenize.NewVocab([]string{"<pad>", "<unk>", "not", "bad", "good", "film", "a", "n't", "is"})
	if err != nil {
		t.Fatal(err)
	}
	ids := func(words ...string) []int {
		out := make([]int, len(words))
		for i, w := range words {
			out[i] = vocab.ID(w)
		}
		return out
	}
	set := train.Set{
		Seqs:   [][]int{ids("bad"), ids("a", "good", "film"), ids("is", "n't", "good"), ids("a", "good", "film", "is", "good")},
		Labels: []int{0, 1, 0, 1},
	}
	cases := []struct {
		name      string
		classes   int
		maxTokens int
		wantSeqs  [][]int
		wantLabel []int
	}{
		{"short texts without negation get a negated twin", 2, 3,
			[][]int{ids("not", "bad"), ids("not", "a", "good", "film")}, []int{1, 0}},
		{"only texts up to the limit", 2, 1, [][]int{ids("not", "bad")}, []int{1}},
		{"off", 2, 0, nil, nil},
		{"three classes are left alone", 3, 3, nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := AugmentNegation(set, vocab, tc.classes, tc.maxTokens)
			if !slices.EqualFunc(got.Seqs[:set.Len()], set.Seqs, slices.Equal) || !slices.Equal(got.Labels[:set.Len()], set.Labels) {
				t.Fatal("the original examples changed")
			}
			added, labels := got.Seqs[set.Len():], got.Labels[set.Len():]
			if !slices.EqualFunc(added, tc.wantSeqs, slices.Equal) || !slices.Equal(labels, tc.wantLabel) {
				t.Errorf("added %v with labels %v, want %v with %v", added, labels, tc.wantSeqs, tc.wantLabel)
			}
		})
	}
	noNot, _ := tokenize.NewVocab([]string{"<pad>", "<unk>", "bad"})
	if got := AugmentNegation(train.Set{Seqs: [][]int{{2}}, Labels: []int{0}}, noNot, 2, 3); got.Len() != 1 {
		t.Errorf("a vocabulary without \"not\" gave %d examples, want the 1 it had", got.Len())
	}
}
