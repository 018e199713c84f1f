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

// MaxSpelledWord is the longest word, in bytes, read through its n-grams;
// a longer one reads as UnkID. A word's n-grams, three a character, took
// some 60 bytes a character to compute: a line of 15 MB without a space,
// one word, took 900 MB to predict, and a file of such lines grew with
// each. 16 KiB is the longest text rnnsent serve takes by default, and far
// beyond any word.
const MaxSpelledWord = 16 << 10

// MaxSpellings bounds how many distinct words outside the vocabulary the
// process holds at once for reading through their n-grams; a word met while
// the table is full is read as UnkID. Words are held from Encode to
// Release, so only a burst of that many new words in flight fills it.
const MaxSpellings = 1 << 20

// spellings numbers the words outside the vocabulary that a vocabulary with
// subwords reads, and keeps their n-grams: a token id must stay an int, as
// augmentation and every caller of a model carry sequences as []int, so the
// id of such a word is the vocabulary's size plus its number here, by which
// the model finds its n-grams. The numbers depend on the order the words
// came in, what the model reads does not. One table serves every
// vocabulary, since the n-grams of a word do not depend on the vocabulary.
//
// Each word counts the ids given out for it, and Release gives a number
// back when its count falls to zero, so that a long-running server holds
// the words of the requests in flight only: a table that kept every word
// would grow with whatever clients send (a 16 KB word has 48,000 n-grams)
// and, once full, read new words as <unk> depending on what others had
// sent before. Training never releases, so its numbering is the order of
// first appearance.
var spellings struct {
	sync.RWMutex
	number map[string]int
	words  []string
	grams  [][]uint32
	uses   []int
	free   []int // numbers given back, reused last in, first out
}

// spelling returns word's number in the table, counting one more use of
// it and adding it if it is not there, or -1 when the table is full.
func spelling(word string) int {
	if len(word) > MaxSpelledWord {
		return -1
	}
	if k, ok := useHeld(word); ok {
		return k
	}
	// Outside the lock: a 16 KB word has 48,000 n-grams, and every other
	// reader of the table would wait for them.
	grams := Grams(word)
	spellings.Lock()
	defer spellings.Unlock()
	if k, ok := useHeldLocked(word); ok { // added meanwhile by another caller
		return k
	}
	if len(spellings.number) == MaxSpellings {
		return -1
	}
	if spellings.number == nil {
		spellings.number = make(map[string]int)
	}
	// A clone: the token may point into a whole review (see CountTokens).
	word = strings.Clone(word)
	var k int
	if n := len(spellings.free); n > 0 {
		k, spellings.free = spellings.free[n-1], spellings.free[:n-1]
		spellings.words[k], spellings.grams[k], spellings.uses[k] = word, grams, 1
	} else {
		k = len(spellings.grams)
		spellings.words = append(spellings.words, word)
		spellings.grams = append(spellings.grams, grams)
		spellings.uses = append(spellings.uses, 1)
	}
	spellings.number[word] = k
	return k
}

// useHeld counts one more use of word if the table holds it, and returns
// its number.
func useHeld(word string) (int, bool) {
	spellings.Lock()
	defer spellings.Unlock()
	return useHeldLocked(word)
}

func useHeldLocked(word string) (int, bool) {
	k, ok := spellings.number[word]
	if ok {
		spellings.uses[k]++
	}
	return k, ok
}

// spellable reports whether spelling would give word a number now, without
// holding it: the table holds it or has room for it.
func spellable(word string) bool {
	if len(word) > MaxSpelledWord {
		return false
	}
	spellings.RLock()
	defer spellings.RUnlock()
	_, ok := spellings.number[word]
	return ok || len(spellings.number) < MaxSpellings
}

// Spelling returns the n-gram hashes (see Grams) of the word that a
// vocabulary of vocab ids with subwords reads as id, for an id of at least
// vocab; ok is false when no word has that id.
func Spelling(id, vocab int) (grams []uint32, ok bool) {
	k := id - vocab
	spellings.RLock()
	defer spellings.RUnlock()
	if k < 0 || k >= len(spellings.grams) || spellings.uses[k] == 0 {
		return nil, false
	}
	return spellings.grams[k], true
}

// Release gives back the words that ids, from Encode or Read of a
// vocabulary of vocab ids, hold for reading through their n-grams: once
// every id of a word is released its number may go to another word, so
// ids must not be used after their release.
func Release(ids []int, vocab int) {
	spellings.Lock()
	defer spellings.Unlock()
	for _, id := range ids {
		k := id - vocab
		if k < 0 || k >= len(spellings.uses) || spellings.uses[k] == 0 {
			continue
		}
		if spellings.uses[k]--; spellings.uses[k] == 0 {
			delete(spellings.number, spellings.words[k])
			spellings.words[k], spellings.grams[k] = "", nil
			spellings.free = append(spellings.free, k)
		}
	}
}

// SpellingsHeld is how many words outside the vocabulary the process holds
// for reading through their n-grams: those of the ids not yet released.
func SpellingsHeld() int {
	spellings.RLock()
	defer spellings.RUnlock()
	return len(spellings.number)
}
