package tokenize

import (
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestGrams(t *testing.T) {
	hash := func(s string) uint32 {
		h := fnv.New32a()
		h.Write([]byte(s))
		return h.Sum32()
	}
	var want []uint32
	for _, g := range []string{"<go", "<goo", "<good", "goo", "good", "good>", "ood", "ood>", "od>"} {
		want = append(want, hash(g))
	}
	if got := Grams("good"); !slices.Equal(got, want) {
		t.Errorf("Grams(good) = %v, want %v", got, want)
	}
	// Characters, not bytes: a one-letter word of two bytes has one n-gram.
	if got := Grams("é"); !slices.Equal(got, []uint32{hash("<é>")}) {
		t.Errorf("Grams(é) = %v, want [%d]", got, hash("<é>"))
	}
}

func TestSubwordsReadOnlyUnknownWords(t *testing.T) {
	v, err := NewVocab([]string{PadToken, UnkToken, "thrill", "good"})
	if err != nil {
		t.Fatal(err)
	}
	v.SetStemUnknown(true)
	v.SetSubwords(true)
	ids := v.Encode([]string{"good", "thrilling", "ungood", "zzz", "ungood"}, 0)
	if ids[0] != 3 || ids[1] != 2 {
		t.Errorf("known word and stem read as %v, want 3 and 2 as without subwords", ids[:2])
	}
	if ids[2] < v.Len() || ids[3] < v.Len() || ids[2] == ids[3] || ids[4] != ids[2] {
		t.Errorf("unknown words read as %v: want distinct ids of at least %d, the same for the same word", ids[2:], v.Len())
	}
	if grams, ok := Spelling(ids[2], v.Len()); !ok || !slices.Equal(grams, Grams("ungood")) {
		t.Errorf("Spelling(%d) = %v, %v; want the n-grams of ungood", ids[2], grams, ok)
	}
	if got := v.Describe("ungood"); got != "ungood:<unk>(n-grams)" {
		t.Errorf("Describe(ungood) = %q", got)
	}
}

func TestWordsLongerThanMaxSpelledWordReadAsUnknown(t *testing.T) {
	v, err := NewVocab([]string{PadToken, UnkToken, "good"})
	if err != nil {
		t.Fatal(err)
	}
	v.SetSubwords(true)
	for _, tt := range []struct {
		name     string
		word     string
		spelled  bool
		describe string
	}{
		{"the longest word spelled", strings.Repeat("q", MaxSpelledWord), true, ":<unk>(n-grams)"},
		{"one byte longer", strings.Repeat("q", MaxSpelledWord+1), false, ":<unk>"},
		{"a line of 15 MB without a space", strings.Repeat("q", 15_000_000), false, ":<unk>"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ids := v.Encode([]string{tt.word}, 0)
			defer v.Release(ids)
			if spelled := ids[0] >= v.Len(); spelled != tt.spelled {
				t.Errorf("read as %d: spelled %v, want %v", ids[0], spelled, tt.spelled)
			}
			if got := v.Describe(tt.word); got != tt.word+tt.describe {
				t.Errorf("Describe = ...%q, want ...%q", got[len(tt.word):], tt.describe)
			}
		})
	}
}

// The table holds a word while any id of it is unreleased, and gives its
// number to another word once every id is released.
func TestReleaseGivesBackWordsNoLongerRead(t *testing.T) {
	v, err := NewVocab([]string{PadToken, UnkToken, "good"})
	if err != nil {
		t.Fatal(err)
	}
	v.SetSubwords(true)
	held := SpellingsHeld()
	readable := func(id int, word string) bool {
		grams, ok := Spelling(id, v.Len())
		return ok && slices.Equal(grams, Grams(word))
	}
	tests := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"a word twice in a text is held until both ids are released", func(t *testing.T) {
			ids := v.Encode([]string{"zork", "good", "zork"}, 0)
			v.Release(ids[:1])
			if !readable(ids[2], "zork") {
				t.Error("zork unreadable while one of its ids is held")
			}
			v.Release(ids[1:])
			if _, ok := Spelling(ids[0], v.Len()); ok {
				t.Error("zork readable after every id was released")
			}
		}},
		{"a word two texts share stays for the other", func(t *testing.T) {
			a, b := v.Encode([]string{"blorp"}, 0), v.Encode([]string{"blorp", "quux"}, 0)
			v.Release(a)
			if !readable(b[0], "blorp") || !readable(b[1], "quux") {
				t.Error("the second text's words unreadable after the first was released")
			}
			v.Release(b)
		}},
		{"a released number goes to the next new word", func(t *testing.T) {
			a := v.Encode([]string{"frob"}, 0)
			v.Release(a)
			b := v.Encode([]string{"grault"}, 0)
			defer v.Release(b)
			if b[0] != a[0] || !readable(b[0], "grault") {
				t.Errorf("grault read as %d (readable %v), want the released %d", b[0], readable(b[0], "grault"), a[0])
			}
		}},
		{"describing a word holds nothing", func(t *testing.T) {
			v.Describe("plugh")
		}},
		{"describing a held word takes no use of it", func(t *testing.T) {
			ids := v.Encode([]string{"xyzzy"}, 0)
			if got := v.Describe("xyzzy"); got != "xyzzy:<unk>(n-grams)" {
				t.Errorf("Describe(xyzzy) = %q", got)
			}
			v.Release(ids)
		}},
		{"a full table reads new words as <unk> and says so, and keeps reading those it holds", func(t *testing.T) {
			kept := v.Encode([]string{"wibble"}, 0)
			words := make([]string, MaxSpellings-SpellingsHeld())
			for i := range words {
				words[i] = fmt.Sprintf("fill%d", i)
			}
			filled := v.Encode(words, 0)
			defer v.Release(filled)
			if got := v.Encode([]string{"overflow"}, 0); got[0] != UnkID {
				t.Errorf("a new word read as %d in a full table, want <unk>", got[0])
			}
			if got := v.Describe("overflow"); got != "overflow:<unk>" {
				t.Errorf("Describe(overflow) = %q in a full table", got)
			}
			again := v.Encode([]string{"wibble"}, 0)
			if again[0] != kept[0] || v.Describe("wibble") != "wibble:<unk>(n-grams)" {
				t.Errorf("a held word read as %d (%s) in a full table, want %d", again[0], v.Describe("wibble"), kept[0])
			}
			v.Release(slices.Concat(kept, again))
		}},
		{"callers adding the same new word at once share one number", func(t *testing.T) {
			// Long, so that its n-grams take long enough to compute for
			// the callers to overlap.
			word := strings.Repeat("snark", 3000)
			ids := make([][]int, 8)
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i := range ids {
				wg.Go(func() {
					<-start
					ids[i] = v.Encode([]string{word}, 0)
				})
			}
			close(start)
			wg.Wait()
			for _, id := range ids {
				if id[0] != ids[0][0] {
					t.Errorf("the same word read as %d and %d", ids[0][0], id[0])
				}
			}
			v.Release(slices.Concat(ids...))
		}},
		{"vocabulary ids and unknown ids are not held", func(t *testing.T) {
			v.Release([]int{0, UnkID, 2, v.Len() + MaxSpellings})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.run(t)
			if got := SpellingsHeld(); got != held {
				t.Errorf("%d words held after, want %d as before", got, held)
			}
		})
	}
}
