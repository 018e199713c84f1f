package train

import (
	"math/rand/v2"
	"slices"
)

// Set is a labelled collection of token-id sequences.
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

func (s Set) subset(idx []int) Set {
	out := Set{Seqs: make([][]int, len(idx)), Labels: make([]int, len(idx))}
	for i, j := range idx {
		out.Seqs[i], out.Labels[i] = s.Seqs[j], s.Labels[j]
	}
	return out
}

// Split holds out frac of s for validation, chosen by a generator seeded
// with seed, so the same seed always holds out the same examples.
func Split(s Set, frac float64, seed uint64) (train, val Set) {
	idx := rand.New(rand.NewPCG(seed, splitStream)).Perm(s.Len())
	nVal := int(frac*float64(s.Len()) + 0.5)
	nVal = min(max(nVal, 1), s.Len()-1)
	valIdx, trainIdx := idx[:nVal], idx[nVal:]
	slices.Sort(valIdx)
	slices.Sort(trainIdx)
	return s.subset(trainIdx), s.subset(valIdx)
}

// Streams of the seeded generators, so that drawing more from one (dropout
// on a wider model, say) never changes the others (the batch order).
const (
	initStream uint64 = iota + 1
	shuffleStream
	dropoutStream
	splitStream
	contrastStream
)

// NewInitRand is the generator a model's initial weights are drawn from.
func NewInitRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, initStream)) }

// NewContrastRand is the generator contrast examples are drawn from (see
// dataset.ContrastPairs); a stream of its own, so that drawing them takes
// nothing from the generators of the weights, the validation split or dropout.
func NewContrastRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, contrastStream)) }

// bucketPool is how many batches' worth of shuffled examples are sorted by
// length together: large enough that batches hold similar lengths (little
// padding to compute around), small enough that batches still mix.
const bucketPool = 50

// batches returns one epoch's batches as index lists. The examples are
// shuffled, then sorted by length within pools of bucketPool batches, and the
// batches are shuffled again.
func batches(s Set, size int, rng *rand.Rand) [][]int {
	idx := rng.Perm(s.Len())
	var out [][]int
	for start := 0; start < len(idx); start += size * bucketPool {
		pool := idx[start:min(start+size*bucketPool, len(idx))]
		slices.SortStableFunc(pool, func(a, b int) int { return len(s.Seqs[a]) - len(s.Seqs[b]) })
		for b := 0; b < len(pool); b += size {
			out = append(out, pool[b:min(b+size, len(pool))])
		}
	}
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}
