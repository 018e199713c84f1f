package tokenize

import (
	"strings"
	"sync"
)

// The character n-grams a word outside the vocabulary is read through when
// subwords are on (see Vocab.SetSubwords), as fastText reads them: every
// run of MinGram to MaxGram characters of the word between the boundary
// marks "<" and ">", so that a prefix and a suffix differ from the same
// letters inside a word. A word of one character still has one, "<a>".
const (
	MinGram = 3
	MaxGram = 5
)

// Grams returns the 32-bit FNV-1a hash of each character n-gram of word,
// shortest first from each start.
func Grams(word string) []uint32 {
	marked := "<" + word + ">"
	// starts[i] is the byte offset of character (rune) i; one more for the end.
	starts := make([]int, 0, len(marked)+1)
	for i := range marked {
		starts = append(starts, i)
	}
	starts = append(starts, len(marked))
	chars := len(starts) - 1
	var out []uint32
	for i := 0; i+MinGram <= chars; i++ {
		for n := MinGram; n <= MaxGram && i+n <= chars; n++ {
			out = append(out, fnv1a(marked[starts[i]:starts[i+n]]))
		}
	}
	return out
}

func fnv1a(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// MaxSpellings bounds how many distinct words outside the vocabulary a
// process reads through their n-grams; later ones are read as UnkID. A
// server that reads text from anyone would otherwise keep every new word it
// is sent.
const MaxSpellings = 1 << 20

// spellings numbers the words outside the vocabulary that a vocabulary with
// subwords has read, and keeps their n-grams: a token id must stay an int,
// as augmentation and every caller of a model carry sequences as []int, so
// the id of such a word is the vocabulary's size plus its number here, by
// which the model finds its n-grams. The numbers depend on the order the
// words came in, what the model reads does not. One table serves every
// vocabulary, since the n-grams of a word do not depend on the vocabulary.
var spellings struct {
	sync.RWMutex
	number map[string]int
	grams  [][]uint32
}

// spelling returns word's number in the table, adding it, or -1 when the
// table is full.
func spelling(word string) int {
	spellings.RLock()
	k, ok := spellings.number[word]
	spellings.RUnlock()
	if ok {
		return k
	}
	spellings.Lock()
	defer spellings.Unlock()
	if k, ok := spellings.number[word]; ok {
		return k
	}
	if len(spellings.grams) == MaxSpellings {
		return -1
	}
	if spellings.number == nil {
		spellings.number = make(map[string]int)
	}
	k = len(spellings.grams)
	// A clone: the token may point into a whole review (see CountTokens).
	spellings.number[strings.Clone(word)] = k
	spellings.grams = append(spellings.grams, Grams(word))
	return k
}

// Spelling returns the n-gram hashes (see Grams) of the word that a
// vocabulary of vocab ids with subwords reads as id, for an id of at least
// vocab; ok is false when no word has that id.
func Spelling(id, vocab int) (grams []uint32, ok bool) {
	k := id - vocab
	spellings.RLock()
	defer spellings.RUnlock()
	if k < 0 || k >= len(spellings.grams) {
		return nil, false
	}
	return spellings.grams[k], true
}
