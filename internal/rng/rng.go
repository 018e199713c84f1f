// Package rng gives every random choice of a training run a generator of
// its own, all from the run's one seed. Each purpose is a separate PCG
// stream, so drawing more from one (dropout on a wider model, say) never
// changes what another draws (the batch order): the same seed gives the
// same model, and a change to one part of the run leaves the rest as it was.
package rng

import "math/rand/v2"

// Stream is what a generator is for.
type Stream uint64

// The streams. Their numbers are part of what makes a seeded run
// reproducible: changing one changes every model trained since.
const (
	Init      Stream = iota + 1 // a network's initial weights
	Shuffle                     // the batch order
	Dropout                     // dropout masks and dropped words
	Split                       // the validation rows held out of the training file
	Contrast                    // the contrast examples added to the training set
	Synthetic                   // the texts of a synthetic task
	Negation                    // the spelling of each negated twin added to the training set
)

// PCG is the generator of stream s under seed, for a caller that saves and
// restores its state.
func PCG(seed uint64, s Stream) *rand.PCG { return rand.NewPCG(seed, uint64(s)) }

// New is the generator of stream s under seed.
func New(seed uint64, s Stream) *rand.Rand { return rand.New(PCG(seed, s)) }
