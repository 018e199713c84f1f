package dataset

import (
	"slices"

	"github.com/rnnsent/rnnsent/internal/rng"
)

// Set is a labelled collection of token-id sequences: what a model trains
// and is scored on.
type Set struct {
	Seqs   [][]int // each at least one id long
	Labels []int   // class indices, parallel to Seqs
}

// Len is the number of examples.
func (s Set) Len() int { return len(s.Seqs) }

// Tokens is the number of tokens over every sequence.
func (s Set) Tokens() int {
	n := 0
	for _, q := range s.Seqs {
		n += len(q)
	}
	return n
}

// Subset is the examples idx of s, in that order; it shares their sequences.
func (s Set) Subset(idx []int) Set {
	out := Set{Seqs: make([][]int, len(idx)), Labels: make([]int, len(idx))}
	for i, j := range idx {
		out.Seqs[i], out.Labels[i] = s.Seqs[j], s.Labels[j]
	}
	return out
}

// Append adds the examples of more to s.
func (s *Set) Append(more Set) {
	s.Seqs = append(s.Seqs, more.Seqs...)
	s.Labels = append(s.Labels, more.Labels...)
}

// Split holds out frac of items for validation, chosen by seed, so that the
// same seed always holds out the same items; both parts keep the items'
// order. Each part gets at least one item when there are two.
func Split[T any](items []T, frac float64, seed uint64) (trainPart, valPart []T) {
	idx := rng.New(seed, rng.Split).Perm(len(items))
	nVal := int(frac*float64(len(items)) + 0.5)
	nVal = min(max(nVal, 1), len(items)-1)
	valIdx, trainIdx := idx[:nVal], idx[nVal:]
	slices.Sort(valIdx)
	slices.Sort(trainIdx)
	pick := func(idx []int) []T {
		out := make([]T, len(idx))
		for i, j := range idx {
			out[i] = items[j]
		}
		return out
	}
	return pick(trainIdx), pick(valIdx)
}
