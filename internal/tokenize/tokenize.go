package tokenize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Version identifies the tokenizer's rules; checkpoints record it so a model
// is never fed tokens made by other rules. Any change to what Tokenize returns
// for some text must increase it (past StemmingVersion).
const Version = 1

// StemmingVersion is what a checkpoint records in place of Version when its
// vocabulary reads unknown words by their stems (Vocab.SetStemUnknown): the
// tokens of Version, read so. An rnnsent from before stemming refuses such a
// model rather than read those words as <unk>.
const StemmingVersion = 2

// TokenizeTail returns the last n tokens of text, those Tokenize(text)
// ends with, in memory bounded by n rather than by the text: a model reads
// a long text's last tokens only, and tokenizing the whole of a 10 MB line
// took hundreds of megabytes. It tokenizes a tail of the text, long enough
// that the tokens a cut could change (the few at its start) are not among
// the last n, and the whole text when no tail is.
func TokenizeTail(text string, n int) []string {
	const margin = 3 // tokens a cut can change: a word split by it, a clitic, an entity
	for window := 64 * (n + margin); window < len(text); window *= 4 {
		start := len(text) - window
		for start < len(text) && !utf8.RuneStart(text[start]) {
			start++
		}
		if tokens := Tokenize(text[start:]); len(tokens) >= n+margin {
			return tokens[len(tokens)-n:]
		}
	}
	tokens := Tokenize(text)
	return tokens[max(0, len(tokens)-n):]
}

// Tokenize returns the lower-case tokens of text, following the rules in the
// package documentation.
//
// The tokens share memory with one normalised copy of text, so keeping any of
// them keeps that copy alive; CountTokens clones the words it stores.
func Tokenize(text string) []string {
	s := normalize(text)
	// English reviews run at four to five bytes a token; a guess on the
	// high side saves the slice from growing on long reviews.
	tokens := make([]string, 0, len(s)/4+1)
	afterSpace := true // at the start of s or just after whitespace
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += size
			afterSpace = true
			continue
		}
		if afterSpace {
			if n := emoticonLen(s[i:]); n > 0 {
				tokens = append(tokens, s[i:i+n])
				i += n
				afterSpace = false
				continue
			}
		}
		afterSpace = false
		switch {
		case isWordRune(r):
			end := wordEnd(s, i)
			tokens = appendWord(tokens, s[i:end])
			i = end
		case r == '\'':
			n := cliticLen(s[i:])
			if n == 0 {
				n = 1
			}
			tokens = append(tokens, s[i:i+n])
			i += n
		case r == '.':
			n := 1
			for i+n < len(s) && s[i+n] == '.' {
				n++
			}
			if n >= 3 {
				tokens = append(tokens, s[i:i+3])
			} else {
				tokens = append(tokens, s[i:i+1])
				n = 1
			}
			i += n
		case unicode.IsMark(r):
			// A combining mark with no letter before it, such as the emoji
			// variation selector U+FE0F, has nothing to combine with.
			i += size
		default:
			tokens = append(tokens, s[i:i+size])
			i += size
		}
	}
	return tokens
}

// normalize lower-cases text and applies the rewrites that must happen before
// splitting: HTML line breaks and entities, typographic apostrophes, the
// ellipsis character, control characters and invalid UTF-8. The result is
// valid UTF-8.
func normalize(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '<':
				if n := brTagLen(text[i:]); n > 0 {
					b.WriteByte(' ')
					i += n
					continue
				}
			case c == '&':
				if rep, n := entity(text[i:]); n > 0 {
					b.WriteString(rep)
					i += n
					continue
				}
			case c < ' ' || c == 0x7f:
				c = ' '
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			}
			b.WriteByte(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		switch {
		case r == '\u2019', r == '\u2018', r == '\u02bc', r == '\u2032':
			b.WriteByte('\'')
		case r == '\u2026':
			b.WriteString("...")
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			b.WriteByte(' ')
		default:
			// An invalid byte decodes as utf8.RuneError and is written as
			// U+FFFD, which later becomes a token of its own.
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// brTagLen returns the length of the HTML line break (<br>, <br/>, <br />, in
// any case and with any spaces after "br") at the start of s, or 0.
func brTagLen(s string) int {
	if len(s) < 4 || !hasPrefixFold(s[1:], "br") {
		return 0
	}
	i := skipSpaces(s, 3)
	if i < len(s) && s[i] == '/' {
		i = skipSpaces(s, i+1)
	}
	if i < len(s) && s[i] == '>' {
		return i + 1
	}
	return 0
}

func skipSpaces(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// entities are the HTML entities common in scraped reviews and tweets. Each
// is decoded once, so "&amp;lt;" becomes the text "&lt;".
var entities = [...]struct{ name, text string }{
	{"&amp;", "&"},
	{"&quot;", `"`},
	{"&lt;", "<"},
	{"&gt;", ">"},
	{"&#39;", "'"},
	{"&apos;", "'"},
}

// entity returns the decoded text and the length of the entity at the start
// of s, or a length of 0.
func entity(s string) (string, int) {
	for _, e := range entities {
		if hasPrefixFold(s, e.name) {
			return e.text, len(e.name)
		}
	}
	return "", 0
}

// hasPrefixFold reports whether s begins with the lower-case ASCII prefix,
// ignoring ASCII case. strings.EqualFold would also match non-ASCII runes
// such as U+017F (ſ) against "s".
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}

// emoticons are kept whole when they stand alone. The list is short on
// purpose: each entry is common in reviews and tweets and cannot be confused
// with ordinary punctuation once surrounded by spaces. Entries are lower case
// because the text is lower-cased first.
var emoticons = [...]string{
	":)", ":(", ":-)", ":-(", ":d", ":p", ";)", ";-)", ":/", ":'(", "<3", ":o",
}

// emoticonLen returns the length of the emoticon at the start of s when a
// space or the end of s follows it, or 0.
func emoticonLen(s string) int {
	if s[0] != ':' && s[0] != ';' && s[0] != '<' {
		return 0
	}
	for _, e := range emoticons {
		if !strings.HasPrefix(s, e) {
			continue
		}
		if len(s) == len(e) {
			return len(e)
		}
		if r, _ := utf8.DecodeRuneInString(s[len(e):]); unicode.IsSpace(r) {
			return len(e)
		}
	}
	return 0
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// wordEnd returns the end of the word that starts at s[i]: letters, digits,
// combining marks, and apostrophes with a letter or digit on both sides.
func wordEnd(s string, i int) int {
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if isWordRune(rune(c)) {
				i++
				continue
			}
			if c == '\'' && i+1 < len(s) {
				// The rune before is part of the word, so only the one
				// after decides whether the apostrophe is inside it.
				if next, size := utf8.DecodeRuneInString(s[i+1:]); isWordRune(next) {
					i += 1 + size
					continue
				}
			}
			return i
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) && !unicode.IsMark(r) {
			return i
		}
		i += size
	}
	return i
}

// clitics are the contracted forms split off a word the way the Penn Treebank
// does. Together with "n't" no entry is a prefix of another.
var clitics = [...]string{"'s", "'re", "'ve", "'ll", "'d", "'m"}

// cliticLen returns the length of the clitic at the start of s ("'s" in SST's
// "it 's") when no letter or digit follows it, or 0.
func cliticLen(s string) int {
	for _, c := range clitics {
		if !strings.HasPrefix(s, c) {
			continue
		}
		if len(s) == len(c) {
			return len(c)
		}
		if r, _ := utf8.DecodeRuneInString(s[len(c):]); !isWordRune(r) && !unicode.IsMark(r) {
			return len(c)
		}
	}
	return 0
}

// cliticSuffixLen returns the length of the clitic ending w ("n't" in
// "wasn't", "'s" in "it's") when something other than an apostrophe stays in
// front of it, or 0.
func cliticSuffixLen(w string) int {
	// Every clitic has its apostrophe second or third from the end; most
	// words have none there and need no closer look.
	if k := len(w); !(k >= 2 && w[k-2] == '\'' || k >= 3 && w[k-3] == '\'') {
		return 0
	}
	n := 0
	if strings.HasSuffix(w, "n't") {
		n = 3
	} else {
		for _, c := range clitics {
			if strings.HasSuffix(w, c) {
				n = len(c)
				break
			}
		}
	}
	if n == 0 || len(w) == n || w[len(w)-n-1] == '\'' {
		return 0
	}
	return n
}

// appendWord appends the tokens of the word w: its stem, then the clitics
// split off its end in text order, so "shouldn't've" gives "should", "n't",
// "'ve" just as SST's "should n't 've" does.
func appendWord(tokens []string, w string) []string {
	var buf [4]int
	cuts := buf[:0] // start of each clitic, last clitic first
	stem := w
	for n := cliticSuffixLen(stem); n > 0; n = cliticSuffixLen(stem) {
		stem = stem[:len(stem)-n]
		cuts = append(cuts, len(stem))
	}
	if stem == "cannot" {
		// SST writes "can not"; splitting gives raw text the same tokens.
		tokens = append(tokens, stem[:3], stem[3:])
	} else {
		tokens = append(tokens, stem)
	}
	for k := len(cuts) - 1; k >= 0; k-- {
		next := len(w)
		if k > 0 {
			next = cuts[k-1]
		}
		tokens = append(tokens, w[cuts[k]:next])
	}
	return tokens
}
