package model

import (
	"fmt"
	"sort"
)

// packing lays a batch out time-major with the sequences sorted by length,
// longest first. The row of sorted sequence i at step t is offsets[t]+i, and
// only the first sizes[t] sequences have a step t, so the rows of one step
// are contiguous and the sequences running at step t are a prefix of those
// running at step t-1.
type packing struct {
	order   []int // (B) order[i] is the caller's index of the i-th longest sequence
	lengths []int // (B) lengths in sorted order
	sizes   []int // (T) n_t, sequences with a step t
	offsets []int // (T+1) first row of each step; offsets[T] = N
	mirror  []int // (N) row of the same sequence at position len-1-t: the reverse direction's layout
	ids     []int // (N) token id of each row
	// (N) the n-gram hashes of each row whose id is a word read through
	// its n-grams (an id of at least the vocabulary's size); nil for others.
	grams [][]uint32
}

func (p *packing) batch() int  { return len(p.order) }
func (p *packing) tokens() int { return p.offsets[len(p.offsets)-1] }
func (p *packing) steps() int  { return len(p.sizes) }

// finalRow is the row of sorted sequence i's last real token.
func (p *packing) finalRow(i int) int { return p.offsets[p.lengths[i]-1] + i }

// pack fills p from seqs, reusing its storage. Every sequence needs at least
// one token; gramsOf gives the n-grams each id is read through besides its
// own row (nil for none), or the error that says why the network cannot
// read it.
func (p *packing) pack(seqs [][]int, gramsOf func(id int) ([]uint32, error)) error {
	B := len(seqs)
	p.order = grow(p.order, B)
	for i := range p.order {
		p.order[i] = i
		if len(seqs[i]) == 0 {
			return fmt.Errorf("sequence %d is empty", i)
		}
	}
	// Stable, so equal lengths keep the caller's order and packing is deterministic.
	sort.SliceStable(p.order, func(a, b int) bool { return len(seqs[p.order[a]]) > len(seqs[p.order[b]]) })
	p.lengths = grow(p.lengths, B)
	T := 0
	for i, o := range p.order {
		p.lengths[i] = len(seqs[o])
		T = max(T, p.lengths[i])
	}
	p.sizes = grow(p.sizes, T)
	p.offsets = grow(p.offsets, T+1)
	n := B
	p.offsets[0] = 0
	for t := 0; t < T; t++ {
		for n > 0 && p.lengths[n-1] <= t {
			n--
		}
		p.sizes[t] = n
		p.offsets[t+1] = p.offsets[t] + n
	}
	N := p.offsets[T]
	p.ids = grow(p.ids, N)
	p.grams = grow(p.grams, N)
	p.mirror = grow(p.mirror, N)
	for t := 0; t < T; t++ {
		for i := 0; i < p.sizes[t]; i++ {
			r := p.offsets[t] + i
			id := seqs[p.order[i]][t]
			grams, err := gramsOf(id)
			if err != nil {
				return err
			}
			p.ids[r], p.grams[r] = id, grams
			p.mirror[r] = p.offsets[p.lengths[i]-1-t] + i
		}
	}
	return nil
}

// gatherRows sets dst row r to src row idx[r]; both are (len(idx), C).
func gatherRows[T Float](dst, src []T, idx []int, C int) {
	for r, s := range idx {
		copy(dst[r*C:(r+1)*C], src[s*C:(s+1)*C])
	}
}
