package train

import (
	"math/rand/v2"
	"slices"

	"github.com/rnnsent/rnnsent/internal/dataset"
)

// bucketPool is how many batches' worth of shuffled examples are sorted by
// length together: large enough that batches hold similar lengths (little
// padding to compute around), small enough that batches still mix.
const bucketPool = 50

// batches returns one epoch's batches as index lists. The examples are
// shuffled, then sorted by length within pools of bucketPool batches, and the
// batches are shuffled again.
func batches(s dataset.Set, size int, rng *rand.Rand) [][]int {
	idx := rng.Perm(s.Len())
	// A size beyond the set gives the same single batch as the set's own
	// size, and one near the largest int would overflow the pool's bounds.
	size = min(size, len(idx))
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
