package tokenize

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// fuzzVocab is built once, outside the fuzzed function, on the benchmark
// review.
var fuzzVocab = func() *Vocab {
	counts := make(map[string]int)
	CountTokens(counts, Tokenize(review))
	v, err := BuildVocab(counts, 50)
	if err != nil {
		panic(err)
	}
	return v
}()

func FuzzTokenize(f *testing.F) {
	f.Fuzz(func(t *testing.T, text string) {
		tokens := Tokenize(text)
		if again := Tokenize(text); !slices.Equal(again, tokens) {
			t.Fatalf("Tokenize(%q) is not deterministic: %q then %q", text, tokens, again)
		}
		for _, tok := range tokens {
			if tok == "" || !utf8.ValidString(tok) || strings.ContainsFunc(tok, unicode.IsSpace) {
				t.Fatalf("Tokenize(%q) gave the token %q, want non-empty valid UTF-8 without spaces", text, tok)
			}
		}
		// Tokens joined by spaces are text already split, as in SST; the
		// rules must give them back unchanged.
		joined := strings.Join(tokens, " ")
		if again := Tokenize(joined); !slices.Equal(again, tokens) {
			t.Fatalf("Tokenize(%q) = %q, but its joined tokens give %q", text, tokens, again)
		}

		// Map order would make BuildVocab's coverage vary from run to run,
		// which stalls the fuzzer's minimizer, so the vocabulary built here
		// lists the distinct tokens in text order.
		var words []string
		seen := make(map[string]bool)
		for _, tok := range tokens {
			if !seen[tok] {
				seen[tok] = true
				words = append(words, tok)
			}
		}
		own, err := NewVocab(append([]string{PadToken, UnkToken}, words...))
		if err != nil {
			t.Fatalf("NewVocab on the tokens of %q: %v", text, err)
		}
		maxLen := len(text) % 7
		for _, v := range []*Vocab{own, fuzzVocab} {
			ids := v.EncodeText(text, maxLen)
			if len(ids) == 0 || maxLen > 0 && len(ids) > maxLen {
				t.Fatalf("EncodeText(%q, %d) gave %d ids", text, maxLen, len(ids))
			}
			for _, id := range ids {
				if id < 0 || id >= v.Len() {
					t.Fatalf("EncodeText(%q) gave id %d, outside [0, %d)", text, id, v.Len())
				}
			}
		}

		// Stemming with a vocabulary of every other token and the
		// tokens' prefixes, so that many tokens are unknown and some
		// have stems: a token is read as itself, as a stem within the
		// limits, or as <unk>.
		var half []string
		for i, w := range words {
			if i%2 == 0 {
				half = append(half, w)
			}
			if r := []rune(w); len(r) > MinStem {
				if p := string(r[:len(r)-1-i%MaxSuffix]); !seen[p] {
					seen[p] = true
					half = append(half, p)
				}
			}
		}
		stemming, err := NewVocab(append([]string{PadToken, UnkToken}, half...))
		if err != nil {
			t.Fatalf("NewVocab: %v", err)
		}
		stemming.SetStemUnknown(true)
		for _, tok := range tokens {
			id := stemming.Read(tok)
			if own := stemming.ID(tok); own != UnkID {
				if id != own {
					t.Fatalf("Read(%q) = %d, but it is word %d", tok, id, own)
				}
				continue
			}
			if id == UnkID {
				continue
			}
			stem := stemming.Words()[id]
			suffix := utf8.RuneCountInString(tok) - utf8.RuneCountInString(stem)
			if id <= UnkID || !strings.HasPrefix(tok, stem) || utf8.RuneCountInString(stem) < MinStem || suffix < 1 || suffix > MaxSuffix {
				t.Fatalf("Read(%q) = %q, not a stem within the limits", tok, stem)
			}
		}
	})
}
