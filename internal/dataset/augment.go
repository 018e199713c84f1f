package dataset

import (
	"github.com/rnnsent/rnnsent/internal/tokenize"
	"github.com/rnnsent/rnnsent/internal/train"
)

// negations are the tokens that mark a text as negated already, so that
// AugmentNegation does not stack a second negation on it.
var negations = []string{"not", "n't", "no", "never", "nothing", "nobody", "none", "nor", "neither", "without", "hardly"}

// AugmentNegation returns s followed by, for each text of at most maxTokens
// tokens that holds no negation, the same text with "not" in front and the
// other of the two classes. A phrase-level corpus such as GLUE's SST-2 is
// mostly short phrases ("bad", "a gorgeous film"), while the pattern
// "not" + phrase that flips their sentiment is rare in it ("not bad" occurs
// 7 times in 67,349 phrases), so a model learns that "not" means negative
// rather than that it reverses what follows. The added examples spell the
// rule out. It applies to two-class sets whose vocabulary has "not"; for any
// other set it returns s unchanged, as it does for maxTokens < 1.
func AugmentNegation(s train.Set, vocab *tokenize.Vocab, classes, maxTokens int) train.Set {
	not := vocab.ID("not")
	if classes != 2 || maxTokens < 1 || not == tokenize.UnkID {
		return s
	}
	negated := map[int]bool{}
	for _, w := range negations {
		if id := vocab.ID(w); id != tokenize.UnkID {
			negated[id] = true
		}
	}
	out := train.Set{Seqs: append([][]int(nil), s.Seqs...), Labels: append([]int(nil), s.Labels...)}
	for i, seq := range s.Seqs {
		if len(seq) > maxTokens || hasAny(seq, negated) {
			continue
		}
		out.Seqs = append(out.Seqs, append([]int{not}, seq...))
		out.Labels = append(out.Labels, 1-s.Labels[i])
	}
	return out
}

func hasAny(seq []int, ids map[int]bool) bool {
	for _, id := range seq {
		if ids[id] {
			return true
		}
	}
	return false
}
