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
		{"layer count", src.Layers, c.Layers},
		{"reading in both directions", onOff(src.Bidirectional), onOff(c.Bidirectional)},
		{"pooling", strings.Join(src.pools(), "+"), strings.Join(c.pools(), "+")},
		{"subword buckets", src.Subwords, c.Subwords},
		{"reading of vocabulary words through subwords", onOff(src.WordGrams), onOff(c.WordGrams)},
		{"negation rank", src.NegationRank, c.NegationRank},
	} {
		if s.want != s.is {
			return fmt.Errorf("its %s is %v, this network's %v", s.name, s.want, s.is)
		}
	}
	return nil
}

// onOff words a switch so that "its reading in both directions is on" reads
// as English, where "is true" would not.
func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// Transfer sets m's weights to src's where they carry over (see
// CarriesOver): a word's embedding where src's vocabulary has the word,
// the output layer's weights of each of m's classes that src has
// (classFrom[k] is class k's index among src's classes, or -1), and every
// other tensor both networks have. The rest keeps m's own initialization:
// the embeddings of words src never read, and the output weights of
// classes src does not have.
func Transfer[T Float](m, src *Model[T], words, srcWords []string, classFrom []int) error {
	if err := m.cfg.CarriesOver(src.cfg); err != nil {
		return err
	}
	if len(words) != m.cfg.Vocab || len(srcWords) != src.cfg.Vocab {
		return fmt.Errorf("vocabularies of %d and %d words for networks of %d and %d", len(words), len(srcWords), m.cfg.Vocab, src.cfg.Vocab)
	}
	if len(classFrom) != m.cfg.Classes {
		return fmt.Errorf("%d classes mapped for a network of %d", len(classFrom), m.cfg.Classes)
	}
	for _, j := range classFrom {
		if j >= src.cfg.Classes {
			return fmt.Errorf("class %d mapped from a network of %d", j, src.cfg.Classes)
		}
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
			carryOutputs(p, s, classFrom)
		default:
			copy(p.W, s.W)
		}
	}
	return nil
}

// carryOutputs sets the output layer p's weights, a column a class, from
// src's layer s where classFrom maps the class. A network of two classes
// has a single output, the logit of the second class over the first; as
// the logits of a softmax over both it is -z/2 and +z/2, which lets a
// two-class source start a three-class network's negative and positive.
func carryOutputs[T Float](p, s *Param[T], classFrom []int) {
	logit := func(f, j int) T {
		if s.Cols == 1 {
			return (T(j) - 0.5) * s.W[f]
		}
		return s.W[f*s.Cols+j]
	}
	for f := 0; f < p.Rows; f++ {
		if p.Cols > 1 {
			for k, j := range classFrom {
				if j >= 0 {
					p.W[f*p.Cols+k] = logit(f, j)
				}
			}
			continue
		}
		switch from0, from1 := classFrom[0], classFrom[1]; {
		case from0 < 0 || from1 < 0:
		case s.Cols == 1:
			// Written so that the same two classes copy the weight exactly.
			p.W[f] = T(from1-from0) * s.W[f]
		default:
			p.W[f] = logit(f, from1) - logit(f, from0)
		}
	}
}
