package tokenize

import (
	"hash/fnv"
	"slices"
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
