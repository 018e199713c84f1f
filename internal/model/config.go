package model

import (
	"errors"
	"fmt"
	"strings"
)

// Architectures and cells a Config may name.
const (
	ArchRecurrent = "recurrent"
	ArchBOW       = "bow"

	CellLSTM = "lstm"
	CellGRU  = "gru"
	CellRNN  = "rnn"

	// Poolings: how the top recurrent layer's states become what the dense
	// layer reads. Config.Pool joins one or more of them with "+".
	PoolLast = "last" // the state after the last token (in both directions)
	PoolMax  = "max"  // each unit's largest value over the text
	PoolMean = "mean" // each unit's mean over the text
)

// Limits keep a crafted checkpoint from making the loader allocate without
// bound: no real model comes near them.
const (
	MaxVocab   = 1 << 22
	MaxWidth   = 1 << 14
	MaxLayers  = 16
	maxClasses = 1 << 12
)

// Config is everything needed to rebuild a network's shape.
type Config struct {
	Arch          string // ArchRecurrent or ArchBOW
	Cell          string // CellLSTM, CellGRU or CellRNN (recurrent only)
	Vocab         int    // V, including padding and out-of-vocabulary ids
	Embed         int    // E
	Hidden        int    // H: units per direction, or the bag-of-words hidden layer
	Layers        int    // stacked recurrent layers
	Bidirectional bool
	Classes       int     // number of labels; 2 gives one sigmoid output
	Dropout       float64 // on the embedding output and between layers, training only
	// WordDropout is the share of training tokens read as the unknown word (tokenize.UnkID), so
	// that the network learns to do without any one word, as it must for
	// the words outside its vocabulary. Training only.
	WordDropout float64
	// FeatureDropout is dropout on what the dense layer reads: the pooled
	// states, or the bag of words' hidden layer. Training only; 0, as in
	// checkpoints from before it, drops nothing.
	FeatureDropout float64
	// Pool is the recurrent encoder's pooling, such as "last" or
	// "last+max"; the parts' features are concatenated in that order.
	// Empty means last: checkpoints from before pooling decode so.
	Pool string
	// Subwords is the number of rows of the table of character n-gram
	// embeddings through which a word outside the vocabulary is read (see
	// tokenize.Vocab.SetSubwords): the mean of its n-grams' rows, an n-gram
	// hash h giving row h mod Subwords. 0, as in checkpoints from before
	// subwords, reads such a word as <unk>.
	Subwords int
	// WordGrams adds to the embedding of every word in the vocabulary the
	// mean of its n-grams' rows of the Subwords table, as fastText does, so
	// that the table learns from every word and not only from those outside
	// the vocabulary. The network then needs its vocabulary's words (the
	// words of New, or a checkpoint's). False, as in checkpoints from before it, reads a
	// vocabulary word by its own row alone.
	WordGrams bool
	// NegationRank, when not 0, reads every token that a negation before
	// it in its clause negates (see tokenize.Scope) through a learned
	// map of its embedding x of that rank, x + xUVᵀ, U and V of E ×
	// NegationRank and V starting at zero: "great" in "it was not, to be
	// fair, great" reads as a negated "great", however far back the "not"
	// is, rather than leaving the recurrent layers to carry the "not"
	// there. A map, because a row added to every negated word cannot turn
	// each word's meaning its own way; of a chosen rank, because what it
	// buys in word order it costs on plain review sets, more with more
	// freedom (see the README's development log). The network then needs
	// its vocabulary's words. 0, as in checkpoints from before it, reads
	// every token alike.
	NegationRank int
	// ScopeLoss, when not 0, trains the top recurrent layer's state after
	// every token to tell, through a logistic unit of its own, whether a
	// negation before that token in its clause negates it (see
	// tokenize.Scope), the mean of that cross-entropy over each text's
	// tokens weighted by ScopeLoss and added to the loss: an auxiliary
	// task, so that the state learns to carry a negation to the words it
	// negates however far back it stands, while the classifier reads the
	// texts exactly as without it (the unit is not used in prediction).
	// Recurrent networks only; the network then needs its vocabulary's
	// words. 0, as in checkpoints from before it, trains on the labels
	// alone. Training only.
	ScopeLoss float64
}

// MaxScopeLoss is the largest Config.ScopeLoss: at 100 the labels hardly
// count.
const MaxScopeLoss = 100

// ValidatePool reports what is wrong with the pooling a recurrent model is
// asked for. An empty one names none; in a model file it is the last
// state's, from before the pooling could be chosen, which Validate allows.
func ValidatePool(pool string) error {
	if pool == "" {
		return errors.New("no pooling named (want last, max or mean, joined with +)")
	}
	seen := map[string]bool{}
	for _, p := range (Config{Pool: pool}).pools() {
		switch {
		case p != PoolLast && p != PoolMax && p != PoolMean:
			return fmt.Errorf("unknown pooling %q in %q (want last, max or mean, joined with +)", p, pool)
		case seen[p]:
			return fmt.Errorf("pooling %q names %s twice", pool, p)
		}
		seen[p] = true
	}
	return nil
}

// pools lists the parts of Pool.
func (c Config) pools() []string {
	if c.Pool == "" {
		return []string{PoolLast}
	}
	return strings.Split(c.Pool, "+")
}

// Outputs is K, the width of the dense layer: one logit for a binary model.
func (c Config) Outputs() int {
	if c.Classes == 2 {
		return 1
	}
	return c.Classes
}

// gates is G, the number of gate blocks of the cell.
func (c Config) gates() int {
	switch c.Cell {
	case CellLSTM:
		return 4
	case CellGRU:
		return 3
	}
	return 1
}

func (c Config) directions() int {
	if c.Bidirectional {
		return 2
	}
	return 1
}

// features is the width of what the encoder hands to the dense layer.
func (c Config) features() int {
	if c.Arch == ArchBOW {
		return c.Hidden
	}
	return c.Hidden * c.directions() * len(c.pools())
}

// Validate reports the first inconsistency in c.
func (c Config) Validate() error {
	switch c.Arch {
	case ArchRecurrent:
		switch c.Cell {
		case CellLSTM, CellGRU, CellRNN:
		default:
			return fmt.Errorf("unknown cell %q (want lstm, gru or rnn)", c.Cell)
		}
		if c.Layers < 1 || c.Layers > MaxLayers {
			return fmt.Errorf("layers must be between 1 and %d, got %d", MaxLayers, c.Layers)
		}
		if c.Pool != "" {
			if err := ValidatePool(c.Pool); err != nil {
				return err
			}
		}
	case ArchBOW:
		if c.Layers != 0 && c.Layers != 1 || c.Bidirectional {
			return fmt.Errorf("the bow architecture has no recurrent layers")
		}
		if c.Pool != "" {
			return fmt.Errorf("the bow architecture has no pooling to choose: it averages the embeddings")
		}
		if c.ScopeLoss != 0 {
			return fmt.Errorf("the bow architecture has no state after each token to learn a negation's scope in")
		}
	default:
		return fmt.Errorf("unknown architecture %q (want recurrent or bow)", c.Arch)
	}
	if c.Vocab < 3 || c.Vocab > MaxVocab {
		return fmt.Errorf("vocabulary size must be between 3 and %d, got %d", MaxVocab, c.Vocab)
	}
	if c.Embed < 1 || c.Embed > MaxWidth {
		return fmt.Errorf("embedding width must be between 1 and %d, got %d", MaxWidth, c.Embed)
	}
	if c.Hidden < 1 || c.Hidden > MaxWidth {
		return fmt.Errorf("hidden size must be between 1 and %d, got %d", MaxWidth, c.Hidden)
	}
	if c.Classes < 2 || c.Classes > maxClasses {
		return fmt.Errorf("need between 2 and %d classes, got %d", maxClasses, c.Classes)
	}
	for _, d := range []struct {
		name string
		rate float64
	}{{"dropout", c.Dropout}, {"word dropout", c.WordDropout}, {"feature dropout", c.FeatureDropout}} {
		if !(d.rate >= 0 && d.rate < 1) {
			return fmt.Errorf("%s must be in [0, 1), got %g", d.name, d.rate)
		}
	}
	if c.Subwords < 0 || c.Subwords > MaxVocab {
		return fmt.Errorf("subword buckets must be between 0 and %d, got %d", MaxVocab, c.Subwords)
	}
	if c.WordGrams && c.Subwords == 0 {
		return errors.New("n-grams for the vocabulary's words need subword buckets")
	}
	if c.NegationRank < 0 || c.NegationRank > c.Embed {
		return fmt.Errorf("the negation scope's rank must be between 0 and the embedding width %d, got %d", c.Embed, c.NegationRank)
	}
	if !(c.ScopeLoss >= 0 && c.ScopeLoss <= MaxScopeLoss) {
		return fmt.Errorf("the scope loss's weight must be between 0 and %d, got %g", MaxScopeLoss, c.ScopeLoss)
	}
	return nil
}

// shapes lists every parameter tensor of the network c describes, in the
// order Params returns them. Checkpoint loading compares against it before it
// allocates anything.
func (c Config) shapes() []tensorShape {
	K := c.Outputs()
	s := []tensorShape{{"embedding", c.Vocab, c.Embed}}
	if c.Arch == ArchBOW {
		s = append(s, tensorShape{"bow.w", c.Embed, c.Hidden}, tensorShape{"bow.b", 1, c.Hidden})
	} else {
		GH := c.gates() * c.Hidden
		in := c.Embed
		for l := 0; l < c.Layers; l++ {
			for d := 0; d < c.directions(); d++ {
				p := fmt.Sprintf("l%d.%s.", l, [2]string{"fwd", "bwd"}[d])
				s = append(s,
					tensorShape{p + "wx", in, GH}, tensorShape{p + "wh", c.Hidden, GH},
					tensorShape{p + "bx", 1, GH}, tensorShape{p + "bh", 1, GH})
			}
			in = c.Hidden * c.directions()
		}
	}
	s = append(s, tensorShape{"dense.w", c.features(), K}, tensorShape{"dense.b", 1, K})
	if c.Subwords > 0 {
		// Last, so that a seed draws every other tensor's initial weights
		// as it does without subwords.
		s = append(s, tensorShape{"subword", c.Subwords, c.Embed})
	}
	if c.NegationRank > 0 {
		s = append(s, tensorShape{"scope.u", c.Embed, c.NegationRank}, tensorShape{"scope.v", c.Embed, c.NegationRank}) // last, for the same reason
	}
	if c.ScopeLoss > 0 {
		s = append(s, tensorShape{"scope.w", c.Hidden * c.directions(), 1}, tensorShape{"scope.b", 1, 1})
	}
	return s
}

// NumParams is the number of trainable scalars of the network c describes.
func (c Config) NumParams() int {
	n := 0
	for _, s := range c.shapes() {
		n += s.Rows * s.Cols
	}
	return n
}

type tensorShape struct {
	Name       string
	Rows, Cols int
}
