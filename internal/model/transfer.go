package model

import (
	"fmt"
	"strings"
)

// CarriesOver reports why the weights of a network of src cannot start a
// network of c, or nil when they can: the two may differ in what the data
// decides (the vocabulary, the classes) and in what only training reads
// (dropout, the scope task's weight), not in the shape of any layer.
func (c Config) CarriesOver(src Config) error {
	type setting struct {
		name     string
		want, is any
	}
	for _, s := range []setting{
		{"architecture", src.Arch, c.Arch},
		{"cell", src.Cell, c.Cell},
		{"embedding width", src.Embed, c.Embed},
		{"hidden size", src.Hidden, c.Hidden},
		{"layers", src.Layers, c.Layers},
		{"bidirectional", src.Bidirectional, c.Bidirectional},
		{"pooling", strings.Join(src.pools(), "+"), strings.Join(c.pools(), "+")},
		{"subword buckets", src.Subwords, c.Subwords},
		{"subwords for vocabulary words", src.WordGrams, c.WordGrams},
		{"negation rank", src.NegationRank, c.NegationRank},
	} {
		if s.want != s.is {
			return fmt.Errorf("its %s is %v, this network's %v", s.name, s.want, s.is)
		}
	}
	return nil
}

// Transfer sets m's weights to src's where they carry over (see
// CarriesOver): a word's embedding where src's vocabulary has the word,
// the output layer when the classes are src's, in the same order, and
// every other tensor both networks have. The rest keeps m's own
// initialization: the embeddings of words src never read, and the output
// layer of other classes.
func Transfer[T Float](m, src *Model[T], words, srcWords []string, sameClasses bool) error {
	if err := m.cfg.CarriesOver(src.cfg); err != nil {
		return err
	}
	if len(words) != m.cfg.Vocab || len(srcWords) != src.cfg.Vocab {
		return fmt.Errorf("vocabularies of %d and %d words for networks of %d and %d", len(words), len(srcWords), m.cfg.Vocab, src.cfg.Vocab)
	}
	from := map[string]*Param[T]{}
	for _, p := range src.params {
		from[p.Name] = p
	}
	row := make(map[string]int, len(srcWords))
	for i, w := range srcWords {
		row[w] = i
	}
	for _, p := range m.params {
		s := from[p.Name]
		switch {
		case s == nil:
		case p == m.emb:
			E := p.Cols
			for i, w := range words {
				if r, ok := row[w]; ok {
					copy(p.W[i*E:(i+1)*E], s.W[r*E:(r+1)*E])
				}
			}
		case p == m.denseW || p == m.denseB:
			if sameClasses {
				copy(p.W, s.W)
			}
		default:
			copy(p.W, s.W)
		}
	}
	return nil
}
