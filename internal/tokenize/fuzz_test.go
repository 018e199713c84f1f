package tokenize

import (
	"math/rand/v2"
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

// tailPieces are the bits of text where a cut could change tokens: words
// with clitics, entities, line breaks, emoticons, marks and multi-byte
// letters.
var tailPieces = []string{"wasn't", "can't", "it's", " ", " ", "&amp;", "&lt;", "<br />", "<BR>", ":-)", ":(", "!", "...", ",", "Ünïcode", "日本語", "\u0301", "👍🏽", "o'clock", "rock'n'roll", "'", "\t", "\n", "x"}

// tailText is a text of the tail pieces drawn by seed.
func tailText(seed int64) string {
	rng := rand.New(rand.NewPCG(uint64(seed), 1))
	var b strings.Builder
	for range 200 + rng.IntN(4000) {
		b.WriteString(tailPieces[rng.IntN(len(tailPieces))])
	}
	return b.String()
}

// FuzzTokenizeTail checks that TokenizeTail(text, n) is the end of
// Tokenize(text), for texts long enough that it tokenizes a tail only.
func FuzzTokenizeTail(f *testing.F) {
	f.Add(int64(1), uint8(3))
	f.Add(int64(7), uint8(0))
	f.Add(int64(42), uint8(200))
	f.Fuzz(func(t *testing.T, seed int64, n uint8) {
		text := tailText(seed)
		all := Tokenize(text)
		want := all[max(0, len(all)-int(n)):]
		if got := TokenizeTail(text, int(n)); !slices.Equal(got, want) {
			t.Fatalf("TokenizeTail(_, %d) = %q,\nthe end of Tokenize is %q", n, got, want)
		}
	})
}

func TestTokenizeTailIsTheEndOfTokenize(t *testing.T) {
	for seed := range int64(300) {
		for _, n := range []uint8{0, 1, 5, 50, 200} {
			t.Run("", func(t *testing.T) {
				text := tailText(seed)
				all := Tokenize(text)
				want := all[max(0, len(all)-int(n)):]
				if got := TokenizeTail(text, int(n)); !slices.Equal(got, want) {
					t.Fatalf("seed %d: TokenizeTail(_, %d) = %q,\nthe end of Tokenize is %q", seed, n, got, want)
				}
			})
		}
	}
}
