package fetch

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"math"
	"slices"
)

// Split divides rows into len(shares) parts holding about those shares of
// them; the shares must sum to 1. Rows are ranked by a hash of their text
// and the ranking is cut at the shares, so the parts depend on the texts
// alone: not on their order, a random seed or the Go release. A cut never falls between rows of equal hash, so identical texts
// share a part. Each part keeps the rows in their input order.
func Split(rows []Row, shares ...float64) [][]Row {
	// A cryptographic hash, because a simple one such as FNV barely mixes
	// the last bytes into its high bits: "review 1" ... "review 99" would
	// rank in clumps and split unevenly.
	type ranked struct {
		hash  uint64
		index int
	}
	rank := make([]ranked, len(rows))
	for i, r := range rows {
		sum := sha256.Sum256([]byte(r.Text))
		rank[i] = ranked{binary.BigEndian.Uint64(sum[:8]), i}
	}
	slices.SortFunc(rank, func(a, b ranked) int {
		return cmp.Or(cmp.Compare(a.hash, b.hash), cmp.Compare(a.index, b.index))
	})
	part := make([]int, len(rows))
	start, cum := 0, 0.0
	for p, share := range shares {
		cum += share
		end := max(start, int(math.Round(cum*float64(len(rows)))))
		if p == len(shares)-1 {
			end = len(rows)
		}
		for end > 0 && end < len(rows) && rank[end].hash == rank[end-1].hash {
			end++
		}
		for _, r := range rank[start:end] {
			part[r.index] = p
		}
		start = end
	}
	out := make([][]Row, len(shares))
	for i, r := range rows {
		out[part[i]] = append(out[part[i]], r)
	}
	return out
}
