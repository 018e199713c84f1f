package dataset

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/rnnsent/rnnsent/internal/tokenize"
)

// Vocabulary builds the vocabulary of size entries for the examples, whose
// labels are among labels: the most frequent tokens, except that the last
// informative entries go to the tokens, among those left out, whose presence
// says most about the label. The words of reserved that occur in the
// examples but that it would leave out then take the last places, in their
// order, as far as the places not reserved go (see ReservedWords).
//
// A small vocabulary filled by frequency alone spends its places on names
// and common words and leaves out sentiment words that are rare but
// decisive: with SST-2's phrases and 2,500 entries, "dreadful" (22 phrases,
// 20 of them negative) is out while "minutes" and "director" are in, so
// "The humor felt dreadful." is read as "the humor felt <unk>". How informative a
// token is is the G statistic of its per-class text counts against the
// classes' shares of the texts: large for a frequent, lopsided token, near
// zero for a token spread like the labels, and small for a token too rare to
// trust. Ties go to the token string, so the result is deterministic.
//
// With stem, the vocabulary reads unknown words by their stems
// (tokenize.Vocab.SetStemUnknown), and it is built twice: the second time
// the tokens the first reads by a stem count as that stem, so that
// "thrilled" and "thrilling" add to the claim of "thrill" on a place, as
// they will to what the model learns of it.
func Vocabulary(examples []Example, labels []string, size, informative int, stem bool, reserved []string) (*tokenize.Vocab, error) {
	v, counts, err := vocabulary(examples, labels, size, informative, nil)
	if err == nil && stem {
		v.SetStemUnknown(true)
		v, _, err = vocabulary(examples, labels, size, informative, v)
	}
	if err == nil {
		v, err = reserve(v, occurring(counts, reserved), size)
	}
	if err == nil && stem {
		v.SetStemUnknown(true)
	}
	return v, err
}

// ReservedWords are the words whose places in a vocabulary Vocabulary can
// reserve: the words that turn how the rest of a text reads (negations,
// near-negations, contrast words) and those the augmentation writes. A
// corpus can hold them too rarely to earn a place ("nobody" and "however"
// in GLUE's SST-2), which leaves a model unable to read "Nobody would call
// it bad." and makes the twins that use them (AugmentNegation,
// ContrastPairs) add nothing. Each is listed once, negations first.
func ReservedWords() []string {
	words := slices.Concat(tokenize.Negations, nearNegations, contrasts, formWords())
	for _, form := range AllContrasts {
		for _, c := range connectives[form] {
			words = append(words, c.lead...)
			words = append(words, c.mid...)
			words = append(words, c.concede...)
		}
	}
	var out []string
	for _, w := range words {
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// occurring returns the words of words that counts, a corpus's token
// counts, holds, in order.
func occurring(counts map[string]int, words []string) []string {
	return slices.DeleteFunc(slices.Clone(words), func(w string) bool { return counts[w] == 0 })
}

// reserve returns v with the words of reserved it lacks, in the places
// left of size or else in those of its last words that are not reserved,
// as far as they go.
func reserve(v *tokenize.Vocab, reserved []string, size int) (*tokenize.Vocab, error) {
	var missing []string
	for _, w := range reserved {
		if v.ID(w) == tokenize.UnkID && !slices.Contains(missing, w) {
			missing = append(missing, w)
		}
	}
	if len(missing) == 0 {
		return v, nil
	}
	words := slices.Clone(v.Words())
	// <pad> and <unk> keep the first two places.
	for i := len(words) - 1; i >= 2 && len(words)+len(missing) > size; i-- {
		if !slices.Contains(reserved, words[i]) {
			words = slices.Delete(words, i, i+1)
		}
	}
	return tokenize.NewVocab(append(words, missing[:min(len(missing), size-len(words))]...))
}

// vocabulary builds the vocabulary Vocabulary describes, counting each token
// as what stems reads it as, where stems is not nil and reads it by a stem;
// it returns those counts too.
func vocabulary(examples []Example, labels []string, size, informative int, stems *tokenize.Vocab) (*tokenize.Vocab, map[string]int, error) {
	class := make(map[string]int, len(labels))
	for i, l := range labels {
		class[l] = i
	}
	// One pass over the texts for both orders: how often each token occurs,
	// and in how many texts of each class.
	counts := make(map[string]int)
	texts := make(map[string][]int)
	classTexts := make([]int, len(labels))
	for _, ex := range examples {
		// A copy: it is rewritten and sorted below, and the example's own
		// tokens are encoded later.
		toks := slices.Clone(ex.Tokens)
		if stems != nil {
			for i, t := range toks {
				// A known token reads as itself.
				if id := stems.Read(t); id > tokenize.UnkID {
					toks[i] = stems.Words()[id]
				}
			}
		}
		tokenize.CountTokens(counts, toks)
		k, ok := class[ex.Label]
		if !ok || informative < 1 {
			continue
		}
		classTexts[k]++
		slices.Sort(toks)
		for _, t := range slices.Compact(toks) {
			n := texts[t]
			if n == nil {
				n = make([]int, len(labels))
				texts[strings.Clone(t)] = n
			}
			n[k]++
		}
	}
	frequent, err := tokenize.BuildVocab(counts, max(3, size-max(0, informative)))
	if err != nil || informative < 1 {
		return frequent, counts, err
	}
	type scored struct {
		word string
		g    float64
	}
	var candidates []scored
	for w, n := range texts {
		if frequent.ID(w) == tokenize.UnkID && w != tokenize.UnkToken && w != tokenize.PadToken {
			candidates = append(candidates, scored{w, gStatistic(n, classTexts)})
		}
	}
	slices.SortFunc(candidates, func(a, b scored) int {
		if c := cmp.Compare(b.g, a.g); c != 0 {
			return c
		}
		return cmp.Compare(a.word, b.word)
	})
	words := slices.Clone(frequent.Words())
	for _, c := range candidates[:min(len(candidates), size-len(words))] {
		words = append(words, c.word)
	}
	v, err := tokenize.NewVocab(words)
	return v, counts, err
}

// gStatistic is 2·Σ n_k·ln(n_k / E_k) for a token found in n_k texts of
// class k, where E_k is its expected count if it followed the classes'
// shares of all texts.
func gStatistic(n, classTexts []int) float64 {
	total, all := 0, 0
	for k := range n {
		total += n[k]
		all += classTexts[k]
	}
	g := 0.0
	for k, nk := range n {
		if nk > 0 {
			expected := float64(total) * float64(classTexts[k]) / float64(all)
			g += float64(nk) * math.Log(float64(nk)/expected)
		}
	}
	return 2 * g
}
