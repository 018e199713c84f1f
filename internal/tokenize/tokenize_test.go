package tokenize

import (
	"slices"
	"strings"
	"testing"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"empty", "", []string{}},
		{"only spaces", " \t\n ", []string{}},
		{"exclamation", "Not bad!", []string{"not", "bad", "!"}},
		{"negation", "I wasn't impressed.", []string{"i", "was", "n't", "impressed", "."}},
		{"upper case", "WHAT A Film", []string{"what", "a", "film"}},
		{"accents", "Café au lait, naïve", []string{"café", "au", "lait", ",", "naïve"}},

		// Contractions.
		{"can't", "can't", []string{"ca", "n't"}},
		{"won't", "Won't", []string{"wo", "n't"}},
		{"don't", "don't", []string{"do", "n't"}},
		{"isn't", "isn't", []string{"is", "n't"}},
		{"it's", "it's", []string{"it", "'s"}},
		{"they're", "they're", []string{"they", "'re"}},
		{"we've", "we've", []string{"we", "'ve"}},
		{"you'll", "you'll", []string{"you", "'ll"}},
		{"i'd", "I'd", []string{"i", "'d"}},
		{"i'm", "I'm", []string{"i", "'m"}},
		{"possessive", "the director's cut", []string{"the", "director", "'s", "cut"}},
		{"two clitics", "shouldn't've", []string{"should", "n't", "'ve"}},
		{"clitic after digits", "the 1990's", []string{"the", "1990", "'s"}},
		{"cannot", "I cannot", []string{"i", "can", "not"}},
		{"cannot with clitic", "cannot's", []string{"can", "not", "'s"}},
		{"standalone n't", "n't", []string{"n't"}},
		{"inner apostrophe kept", "o'fallon rock'n'roll", []string{"o'fallon", "rock'n'roll"}},
		{"no split before an apostrophe", "x'n't", []string{"x'n't"}},
		{"plural possessive", "the actors' lines", []string{"the", "actors", "'", "lines"}},
		{"leading apostrophe", "'90s 'em", []string{"'", "90s", "'", "em"}},
		{"clitic followed by letters", "'sup", []string{"'", "sup"}},
		{"clitic at the end", "it 's", []string{"it", "'s"}},
		{"clitic before punctuation", "it 's.", []string{"it", "'s", "."}},
		{"lone apostrophe", "' ''", []string{"'", "'", "'"}},
		{"typographic apostrophes", "it’s ‘fine’ donʼt can′t", []string{"it", "'s", "'", "fine", "'", "do", "n't", "ca", "n't"}},

		// Punctuation.
		{"hyphen and comma", "well-made, 10,000", []string{"well", "-", "made", ",", "10", ",", "000"}},
		{"ellipsis", "wait... what", []string{"wait", "...", "what"}},
		{"long ellipsis", "so....", []string{"so", "..."}},
		{"two dots", "no..", []string{"no", ".", "."}},
		{"ellipsis character", "well…", []string{"well", "..."}},
		{"symbols", "$5 & 100%?!", []string{"$", "5", "&", "100", "%", "?", "!"}},
		{"quotes", `"good" (really)`, []string{`"`, "good", `"`, "(", "really", ")"}},

		// Emoticons.
		{"smiley", "great :)", []string{"great", ":)"}},
		{"emoticon list", ":) :( :-) :-( :D :P ;) ;-) :/ :'( <3 :O", []string{":)", ":(", ":-)", ":-(", ":d", ":p", ";)", ";-)", ":/", ":'(", "<3", ":o"}},
		{"emoticon alone", ":(", []string{":("}},
		{"emoticon glued to a word", "fun:)", []string{"fun", ":", ")"}},
		{"emoticon before punctuation", ":).", []string{":", ")", "."}},
		{"url is not an emoticon", "http://x.io", []string{"http", ":", "/", "/", "x", ".", "io"}},
		{"typographic crying", ":’(", []string{":'("}},
		{"heart from an entity", "i &lt;3 it", []string{"i", "<3", "it"}},

		// Unicode.
		{"combining mark", "cafe\u0301", []string{"cafe\u0301"}},
		{"mark with nothing to combine", "\u0301ok", []string{"ok"}},
		{"emoji", "love❤️it 👍🏽", []string{"love", "❤", "it", "👍", "🏽"}},
		{"cjk", "好看 movie", []string{"好看", "movie"}},
		{"greek", "ΚΑΛΟ", []string{"καλο"}},
		{"non-breaking space", "good\u00a0film", []string{"good", "film"}},
		{"zero-width space", "good\u200bfilm", []string{"good", "film"}},

		// HTML.
		{"br", "It's GREAT<br />really", []string{"it", "'s", "great", "really"}},
		{"br forms", "a<br>b<BR/>c<br  / >d<Br >e", []string{"a", "b", "c", "d", "e"}},
		{"not a br", "<b>x</b> < br>", []string{"<", "b", ">", "x", "<", "/", "b", ">", "<", "br", ">"}},
		{"entities", "&amp; &quot;hi&quot; &LT;&gt;", []string{"&", `"`, "hi", `"`, "<", ">"}},
		{"apostrophe entities", "it&#39;s don&apos;t", []string{"it", "'s", "do", "n't"}},
		{"entity decoded once", "&amp;lt;", []string{"&", "lt", ";"}},
		{"unknown entity", "&nbsp;", []string{"&", "nbsp", ";"}},

		// Control characters and broken input.
		{"nul", "good\x00film", []string{"good", "film"}},
		{"tab and newline", "good\tfilm\r\nend", []string{"good", "film", "end"}},
		{"c1 control", "good\u0085film", []string{"good", "film"}},
		{"invalid utf-8 inside a word", "na\xefve", []string{"na", "\ufffd", "ve"}},
		{"invalid utf-8 bytes", "\xff\xfe", []string{"\ufffd", "\ufffd"}},
		{"replacement character", "a\ufffdb", []string{"a", "\ufffd", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Tokenize(tt.text)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Tokenize(%q)\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

// TestTokenizePreSplit checks that text written the way SST tokenizes it
// gives the same tokens as the raw text.
func TestTokenizePreSplit(t *testing.T) {
	tests := []struct {
		name, raw, split string
	}{
		{"was n't", "It wasn't funny.", "it was n't funny ."},
		{"ca n't", "I can't wait", "i ca n't wait"},
		{"wo n't", "You won't care", "you wo n't care"},
		{"do n't", "Don't bother", "do n't bother"},
		{"it 's", "It's a mess", "it 's a mess"},
		{"they 're", "they're great", "they 're great"},
		{"i 'm", "I'm bored", "i 'm bored"},
		{"we 've", "we've seen it", "we 've seen it"},
		{"she 'll", "she'll love it", "she 'll love it"},
		{"he 'd", "he'd leave", "he 'd leave"},
		{"possessive", "the film's end", "the film 's end"},
		{"can not", "it cannot fail", "it can not fail"},
		{"stacked", "wouldn't've", "would n't 've"},
		{"ellipsis", "well…", "well ..."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, split := Tokenize(tt.raw), Tokenize(tt.split)
			if !slices.Equal(raw, split) {
				t.Errorf("raw %q gives %q, split %q gives %q", tt.raw, raw, tt.split, split)
			}
		})
	}
}

// review is an English review of about 200 words, written for the benchmark.
const review = `I went into this film expecting very little, and for the first half hour
that's exactly what I got: a slow, muddled set-up, two leads who barely seem to
know they're in the same room, and a score that won't stop telling you how to
feel. The dialogue is clunky ("We can't go back now!") and the editing jumps
around so much that I wasn't sure whose story it was.<br /><br />And then,
somewhere around the midpoint, something clicks. The director finally lets the
camera sit still, the actors' silences start doing the work, and the small town
setting becomes a character of its own. There's a ten-minute sequence at the
diner that is honestly one of the best things I've seen this year &amp; I
didn't expect to be moved by it at all... but I was.<br /><br />It isn't a
perfect movie. The ending is rushed, a subplot about the brother goes nowhere,
and at 2h15 it's at least twenty minutes too long. Still, the performances are
terrific, the photography is gorgeous, and it earns its emotional moments
rather than demanding them. I'd happily watch it again, and I'll be
recommending it to friends who don't mind a slow start. 7/10 :)`

func BenchmarkTokenize(b *testing.B) {
	b.SetBytes(int64(len(review)))
	b.ReportAllocs()
	for b.Loop() {
		Tokenize(review)
	}
}

func BenchmarkEncodeText(b *testing.B) {
	counts := make(map[string]int)
	CountTokens(counts, Tokenize(review))
	v, err := BuildVocab(counts, 100)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(review)))
	b.ReportAllocs()
	for b.Loop() {
		v.EncodeText(review, 0)
	}
}

// TestTokenizeLongText tokenizes a 10 MB review, as long as the CSV reader
// accepts: no limit of the tokenizer may cut it.
func TestTokenizeLongText(t *testing.T) {
	const size = 10 << 20
	text := strings.Repeat("so, \"very\" long ", size/16)
	if n := len(Tokenize(text)); n != size/16*6 {
		t.Errorf("Tokenize gave %d tokens, want %d", n, size/16*6)
	}
}
